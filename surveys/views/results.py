"""Response rates, results and their exports, comment moderation, and releases with their
anonymity statements."""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.csv_export import csv_safe_dict_writer
from common.moderation import redact_names
from people.access import Perm, has_perm, has_trust_perm, require
from surveys import (
    act_on,
    charts,
    comment_review,
    selectors,
    services,
    stored_results,
)
from surveys.forms import (
    ModerateForm,
)
from surveys.models import Comment, Round
from surveys.views.base import round_or_404

# --- response rates, results, comments -------------------------------------------------------


@require(Perm.VIEW_RESPONSE_RATES)
def rates(request, slug):
    survey_round = round_or_404(slug)
    if not survey_round.published or survey_round.imported:
        raise Http404
    rows = selectors.response_rates(survey_round=survey_round, user=request.user)
    chart = charts.bar_chart(
        title="Response rate by school (%)",
        rows=[{"label": r["name"], "value": r["rate"]} for r in rows],
        max_value=100,
        unit="%",
    )
    return render(
        request,
        "surveys/rates.html",
        {
            "round": survey_round,
            "rows": rows,
            "chart": chart,
            "exact": has_trust_perm(request.user, Perm.VIEW_RESPONSE_RATES),
        },
    )


def _results_or_404(request, slug):
    survey_round = round_or_404(slug)
    if not selectors.results_visible(survey_round, request.user):
        raise Http404
    data = selectors.round_results(survey_round)
    if data is None:
        raise Http404
    return survey_round, data


@require(Perm.VIEW_SURVEY_RESULTS)
def results_page(request, slug):
    survey_round, data = _results_or_404(request, slug)
    from surveys.presentation import results_context

    context = results_context(
        survey_round=survey_round, data=data, user=request.user, chosen=request.GET.get("group", "")
    )
    scope, ids = act_on.action_links(
        survey_round=survey_round, group=context["group"], user=request.user
    )
    for question in context["questions"]:
        question["question_id"] = ids.get(question["meta"]["key"])
    context["action_scope"] = scope
    context["may_see_drivers"] = has_perm(request.user, Perm.VIEW_SURVEY_DRIVERS)
    return render(request, "surveys/results.html", context)


@require(Perm.VIEW_SURVEY_RESULTS)
def results_export(request, slug, fmt):
    survey_round, data = _results_or_404(request, slug)
    data = {**data, "groups": selectors.visible_groups(data, request.user)}
    if not has_trust_perm(request.user, Perm.VIEW_SURVEY_RESULTS):
        data["invited"] = None
    if fmt == "json":
        response = JsonResponse(stored_results.export_json(data), json_dumps_params={"indent": 2})
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv_safe_dict_writer(response, fieldnames=stored_results.CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(stored_results.export_csv_rows(data))
    response["Content-Disposition"] = f'attachment; filename="{survey_round.slug}-results.{fmt}"'
    return response


@require(Perm.MODERATE_COMMENTS)
def comments(request, slug):
    survey_round = round_or_404(slug)
    if not survey_round.is_closed and not survey_round.early_release:
        raise Http404
    show = request.GET.get("show", "pending")
    if show not in comment_review.MODERATION_FILTERS:
        show = "pending"
    review = comment_review.comments_to_moderate(survey_round=survey_round, show=show)
    for row in review["rows"]:
        comment = row["comment"]
        row["form"] = ModerateForm(
            initial={"shown_text": comment.shown_text or comment.text}, prefix=str(comment.pk)
        )
    return render(request, "surveys/comments.html", {"round": survey_round, "show": show, **review})


@require(Perm.MODERATE_COMMENTS)
@require_POST
def comment_moderate(request, slug, pk):
    comment = get_object_or_404(Comment, round__slug=slug, pk=pk)
    form = ModerateForm(request.POST, prefix=str(pk))
    if form.is_valid():
        shown_text = form.cleaned_data["shown_text"]
        if form.redact_names:
            text = shown_text.strip() or comment.text
            shown_text = redact_names(text, comment_review.names_flagged_in(text))
        services.comment_moderate(comment=comment, approve=form.approved, shown_text=shown_text)
        messages.success(request, "Comment reviewed.")
    else:
        messages.error(request, "Choose whether to approve the comment.")
    return redirect(_comments_page(slug, request.POST.get("show")))


@require(Perm.MODERATE_COMMENTS)
@require_POST
def comments_approve(request, slug):
    survey_round = round_or_404(slug)
    approved = services.comments_approve(
        survey_round=survey_round, ids=_uuids(request.POST.getlist("comment"))
    )
    if approved:
        messages.success(request, f"{approved} comment{pluralize(approved)} approved as written.")
    else:
        messages.error(request, "Tick the comments to approve first.")
    return redirect(_comments_page(slug, "pending"))


def _comments_page(slug, show) -> str:
    url = reverse("surveys:comments", args=[slug])
    return f"{url}?show={show}" if show in comment_review.MODERATION_FILTERS else url


def _uuids(values) -> list[uuid.UUID]:
    out = []
    for value in values:
        try:
            out.append(uuid.UUID(value))
        except ValueError:
            continue
    return out


# --- releases and their anonymity statements ---------------------------------------------------


def _statement_or_404(slug, number) -> tuple[Round, dict]:
    survey_round = round_or_404(slug)
    statement = selectors.release_statement(survey_round=survey_round, number=number)
    if statement is None:
        raise Http404
    return survey_round, statement


@require(Perm.VIEW_ANONYMITY_STATEMENTS)
def release_statement(request, slug, number):
    survey_round, statement = _statement_or_404(slug, number)
    return render(
        request, "surveys/statement.html", {"round": survey_round, "statement": statement}
    )


@require(Perm.VIEW_ANONYMITY_STATEMENTS)
def release_statement_csv(request, slug, number):
    survey_round, statement = _statement_or_404(slug, number)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    writer = csv_safe_dict_writer(response, fieldnames=selectors.STATEMENT_COLUMNS)
    writer.writeheader()
    writer.writerows({"release": number, **row} for row in statement["rows"])
    response["Content-Disposition"] = (
        f'attachment; filename="{survey_round.slug}-release-{number}-anonymity.csv"'
    )
    return response


@require(Perm.READ_ANONYMITY_NOTICE)
def protection(request):
    return render(request, "surveys/protection.html")
