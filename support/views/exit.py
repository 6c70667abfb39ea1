"""Exit questionnaires: the single-use form for leavers and HR's review of their comments."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from common.moderation import flagged_names, redact_names
from people.access import (
    Perm,
    require,
)
from people.names import trust_staff_names
from support import exits, selectors, services
from support.forms import (
    ExitCommentReviewForm,
    ExitQuestionnaireForm,
)
from support.models import (
    ExitAnswer,
)
from support.views.term_choice import term_from

# --- Exit questionnaire comments: HR reviews them before they are shown -----------------------


@require(Perm.MODERATE_COMMENTS)
def exit_comments(request):
    term_form, term_key = term_from(request)
    review = exits.exit_comments_for_review(term_key=term_key)
    names = trust_staff_names()
    rows = [
        (
            answer,
            ExitCommentReviewForm(
                initial={"shown_text": answer.shown_comment or answer.comment},
                prefix=str(answer.pk),
            ),
            flagged_names(answer.comment, names),
        )
        for answer in review.comments
    ]
    return render(
        request,
        "support/exit_comments.html",
        {"term_form": term_form, "term_key": term_key, "review": review, "rows": rows},
    )


@require(Perm.MODERATE_COMMENTS)
@require_POST
def exit_comment_review(request, pk):
    answer = get_object_or_404(ExitAnswer.objects.exclude(comment=""), pk=pk)
    form = ExitCommentReviewForm(request.POST, prefix=str(pk))
    if form.is_valid():
        shown_text = form.cleaned_data["shown_text"]
        if form.redact_names:
            text = shown_text.strip() or answer.comment
            shown_text = redact_names(text, flagged_names(text, trust_staff_names()))
        services.exit_comment_review(answer=answer, approve=form.approved, shown_text=shown_text)
        messages.success(request, "Comment reviewed.")
    else:
        messages.error(request, "Choose whether to approve the comment.")
    term = request.POST.get("term", "")
    url = reverse("support:exit_comments")
    return redirect(f"{url}?{urlencode({'term': term})}" if term else url)


# --- Exit questionnaire (no sign-in: a single-use link) -------------------------------------


@never_cache
def exit_interview(request, token):
    form = ExitQuestionnaireForm(request.POST or None)
    if services.exit_invitation_valid(token=token) is None:
        return render(request, "support/exit_refused.html", status=410)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.exit_answer_submit(
                    token=token,
                    reasons=form.cleaned_data["reasons"],
                    kept_by=form.cleaned_data["kept_by"],
                    comment=form.cleaned_data["comment"],
                )
        except services.ExitLinkRefused:
            return render(request, "support/exit_refused.html", status=410)
        return render(request, "support/exit_thanks.html")
    return render(
        request,
        "support/exit_form.html",
        {"form": form, "min_group_size": selectors.Trust.current().min_group_size},
    )
