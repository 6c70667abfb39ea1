"""HR's pages for rounds (creating, editing, questions, opening and closing, copying and
previewing), instruments and reporting clusters."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from people import restore
from people.access import Perm, has_perm, require
from people.confirm import confirm_page
from surveys import (
    comment_review,
    publishing,
    selectors,
    services,
)
from surveys.confirmations import round_confirmation
from surveys.forms import (
    ClusterForm,
    CopyRoundForm,
    InstrumentUploadForm,
    QuestionForm,
    RoundForm,
)
from surveys.instruments import InstrumentError, instrument_load
from surveys.models import Instrument, Question, ReportingCluster, Round
from surveys.views.base import round_or_404, survey_sections
from surveys.views.taking import page_context

# --- HR: rounds -----------------------------------------------------------------------------


@require(Perm.VIEW_SURVEY_RESULTS)
def round_list(request):
    rounds = Round.objects.order_by("-closes_at")
    if not has_perm(request.user, Perm.MANAGE_SURVEYS):
        rounds = [r for r in rounds if r.published and (r.is_closed or r.early_release)]
    return render(
        request,
        "surveys/round_list.html",
        {"rounds": rounds, "manage": has_perm(request.user, Perm.MANAGE_SURVEYS)},
    )


@require(Perm.MANAGE_SURVEYS)
def round_create(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        survey_round = services.round_create(
            title=data["title"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            whole_trust=data["whole_trust"],
            schools=data["schools"],
            min_group_size=data["min_group_size"],
            comment_min_group_size=data["comment_min_group_size"],
            reminder_every_days=data["reminder_every_days"],
        )
        messages.success(request, "Round created. Now choose its questions.")
        return redirect("surveys:round_detail", slug=survey_round.slug)
    return render(request, "surveys/round_form.html", {"form": form, "heading": "New survey round"})


@require(Perm.MANAGE_SURVEYS)
def round_edit(request, slug):
    survey_round = round_or_404(slug)
    if survey_round.imported or survey_round.is_closed:
        raise PermissionDenied
    form = RoundForm(request.POST or None, instance=survey_round)
    if request.method == "POST" and form.is_valid():
        services.round_save(form=form)
        messages.success(request, "Round saved.")
        return redirect("surveys:round_detail", slug=survey_round.slug)
    return render(
        request, "surveys/round_form.html", {"form": form, "heading": f"Edit {survey_round.title}"}
    )


@require(Perm.MANAGE_SURVEYS)
def round_detail(request, slug):
    survey_round = round_or_404(slug)
    return render(request, "surveys/round_detail.html", _detail_context(request, survey_round))


def _detail_context(request, survey_round) -> dict:
    questions = list(survey_round.questions.all())
    return {
        "round": survey_round,
        "sections": survey_sections(survey_round, questions),
        "question_form": QuestionForm(),
        "instruments": selectors.instrument_choices(survey_round),
        "copy_form": CopyRoundForm(initial={"title": f"{survey_round.title} (copy)"}),
        "editable": not survey_round.published and not survey_round.imported,
        "pending_comments": comment_review.pending_comment_count(survey_round),
        "releases": selectors.round_releases(survey_round),
        "reopenable": publishing.round_reopenable(survey_round),
        "restorable": restore.restorable(request, kind="survey-question", owner=survey_round.pk),
    }


@require(Perm.MANAGE_SURVEYS)
@require_POST
def question_create(request, slug):
    survey_round = round_or_404(slug)
    if survey_round.published or survey_round.imported:
        raise PermissionDenied
    form = QuestionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.question_add(
            survey_round=survey_round,
            text=data["text"],
            kind=data["kind"],
            options=data.get("option_list", []),
            required=data["required"],
            section=data["section"],
        )
        messages.success(request, "Question added.")
        return redirect("surveys:round_detail", slug=slug)
    context = _detail_context(request, survey_round) | {"question_form": form}
    return render(request, "surveys/round_detail.html", context, status=400)


@require(Perm.MANAGE_SURVEYS)
@require_POST
def instrument_add(request, slug):
    survey_round = round_or_404(slug)
    if survey_round.published or survey_round.imported:
        raise PermissionDenied
    instrument = get_object_or_404(Instrument, key=request.POST.get("instrument", ""))
    # "Add the ticked items" sends pick; any other submit adds the whole instrument.
    item_keys = request.POST.getlist("items") if "pick" in request.POST else None
    try:
        added = services.round_instrument_add(
            survey_round=survey_round, instrument=instrument, item_keys=item_keys
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Added {added} questions from {instrument.name}.")
    return redirect("surveys:round_detail", slug=slug)


@require(Perm.MANAGE_SURVEYS)
def question_delete(request, slug, pk):
    question = get_object_or_404(Question.objects.select_related("round"), round__slug=slug, pk=pk)
    if request.method != "POST":
        return confirm_page(
            request,
            title="Remove this question?",
            what=f"“{question.text}” will be removed from the draft of {question.round.title}.",
            undo="Yes: until the round is opened, you can restore it from the round's page.",
            button="Remove the question",
            cancel_url=reverse("surveys:round_detail", kwargs={"slug": slug}),
        )
    try:
        restore.keep_deleted(
            request,
            kind="survey-question",
            owner=question.round_id,
            label=question.text,
            objects=[question],
        )
        services.question_remove(question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("surveys:round_detail", slug=slug)


@require(Perm.MANAGE_SURVEYS)
@require_POST
def question_restore(request, slug):
    survey_round = round_or_404(slug)
    if survey_round.published or survey_round.imported:
        raise PermissionDenied
    try:
        label = restore.restore(request, kind="survey-question", owner=survey_round.pk)
    except IntegrityError:
        messages.error(request, "A question with the same key was added since; remove it first.")
        return redirect("surveys:round_detail", slug=slug)
    if label:
        messages.success(request, f"Question restored: “{label}”.")
    return redirect("surveys:round_detail", slug=slug)


ROUND_ACTIONS = ("publish", "close", "reopen", "release")


@require(Perm.MANAGE_SURVEYS)
def round_action(request, slug, action):
    """Open, close early, reopen or release: a confirmation page first (GET), then the action."""
    survey_round = round_or_404(slug)
    if action not in ROUND_ACTIONS:
        raise Http404
    if request.method != "POST":
        return confirm_page(request, **round_confirmation(survey_round, action))
    try:
        if action == "publish":
            publishing.round_publish(survey_round=survey_round)
            messages.success(
                request,
                "The round is open to staff from its opening time; invitations go out then.",
            )
        elif action == "close":
            publishing.round_close(survey_round=survey_round)
            messages.success(
                request,
                "The round is closed: nobody can answer it now. You can reopen it until its"
                " results are released.",
            )
        elif action == "reopen":
            publishing.round_reopen(survey_round=survey_round)
            messages.success(request, "The round is open again until its planned closing time.")
        else:
            release = services.round_early_release(survey_round=survey_round)
            messages.success(
                request,
                f"Release {release.number} made: everyone who reads results now sees it.",
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("surveys:round_detail", slug=slug)


@require(Perm.MANAGE_SURVEYS)
@require_POST
def round_copy(request, slug):
    source = round_or_404(slug)
    form = CopyRoundForm(request.POST)
    if not form.is_valid():
        # The round's page again, the copy form's errors beside its fields.
        context = _detail_context(request, source) | {"copy_form": form}
        return render(request, "surveys/round_detail.html", context, status=400)
    data = form.cleaned_data
    copy = services.round_copy(
        source=source, title=data["title"], opens_at=data["opens_at"], closes_at=data["closes_at"]
    )
    messages.success(request, "Round copied with the same questions.")
    return redirect("surveys:round_detail", slug=copy.slug)


@require(Perm.MANAGE_SURVEYS)
def round_preview(request, slug, page=1):
    survey_round = round_or_404(slug)
    sections = survey_sections(survey_round, list(survey_round.questions.all()))
    if not sections:
        messages.error(request, "Add questions to preview the round.")
        return redirect("surveys:round_detail", slug=slug)
    if page > len(sections):
        raise Http404
    return render(
        request,
        "surveys/take_page.html",
        page_context(survey_round, sections, page, {}, {}, preview=True),
    )


# --- instruments and clusters ----------------------------------------------------------------


@require(Perm.MANAGE_SURVEYS)
def instrument_list(request):
    form = InstrumentUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            instrument, created = instrument_load(text=form.cleaned_data["file"].read())
        except InstrumentError as error:
            problems = error.problems
        else:
            messages.success(request, f"{'Loaded' if created else 'Updated'} {instrument.name}.")
            return redirect("surveys:instrument_list")
    return render(
        request,
        "surveys/instruments.html",
        {"instruments": Instrument.objects.all(), "form": form, "problems": problems},
        status=400 if problems else 200,
    )


@require(Perm.MANAGE_SURVEYS)
def cluster_list(request):
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.cluster_save(name=form.cleaned_data["name"], schools=form.cleaned_data["schools"])
        messages.success(
            request,
            "Reporting cluster saved; results are rebuilt when a round next closes or is rebuilt.",
        )
        return redirect("surveys:cluster_list")
    clusters = ReportingCluster.objects.prefetch_related("schools")
    return render(request, "surveys/clusters.html", {"clusters": clusters, "form": form})


@require(Perm.MANAGE_SURVEYS)
def cluster_delete(request, pk):
    cluster = get_object_or_404(ReportingCluster.objects.prefetch_related("schools"), pk=pk)
    if request.method != "POST":
        return confirm_page(
            request,
            title=f"Remove the reporting cluster “{cluster.name}”?",
            what="Survey results of future releases will no longer show a figure for "
            + (", ".join(school.name for school in cluster.schools.all()) or "its schools")
            + " together.",
            consequences=["Releases already made keep the cluster's figures."],
            undo="Only by adding the cluster again with the same schools.",
            button="Remove the cluster",
            cancel_url=reverse("surveys:cluster_list"),
        )
    services.cluster_delete(cluster=cluster)
    messages.success(request, "Reporting cluster removed.")
    return redirect("surveys:cluster_list")
