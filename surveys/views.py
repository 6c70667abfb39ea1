import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from common.csv_export import csv_safe_dict_writer
from common.moderation import redact_names
from people import restore
from people.access import Perm, has_perm, has_trust_perm, require, staff_record
from people.confirm import confirm_page
from surveys import (
    act_on,
    charts,
    publishing,
    question_cache,
    responding,
    results,
    selectors,
    services,
)
from surveys.confirmations import round_confirmation
from surveys.forms import (
    ClusterForm,
    CopyRoundForm,
    InstrumentUploadForm,
    ModerateForm,
    QuestionForm,
    RoundForm,
)
from surveys.instruments import InstrumentError, instrument_load
from surveys.models import Comment, Instrument, Question, ReportingCluster, Round
from surveys.paging import survey_pages


def _round(slug) -> Round:
    return get_object_or_404(Round, slug=slug)


def _sections(survey_round, questions) -> list[tuple[str, list[Question]]]:
    """The survey's pages as (title, questions), at most about eight questions each."""
    return [
        (page.title, page.questions) for page in survey_pages(questions, survey_round.instruments)
    ]


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
    survey_round = _round(slug)
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
    survey_round = _round(slug)
    return render(request, "surveys/round_detail.html", _detail_context(request, survey_round))


def _detail_context(request, survey_round) -> dict:
    questions = list(survey_round.questions.all())
    return {
        "round": survey_round,
        "sections": _sections(survey_round, questions),
        "question_form": QuestionForm(),
        "instruments": selectors.instrument_choices(survey_round),
        "copy_form": CopyRoundForm(initial={"title": f"{survey_round.title} (copy)"}),
        "editable": not survey_round.published and not survey_round.imported,
        "pending_comments": selectors.pending_comment_count(survey_round),
        "releases": selectors.round_releases(survey_round),
        "reopenable": publishing.round_reopenable(survey_round),
        "restorable": restore.restorable(request, kind="survey-question", owner=survey_round.pk),
    }


@require(Perm.MANAGE_SURVEYS)
@require_POST
def question_create(request, slug):
    survey_round = _round(slug)
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
    survey_round = _round(slug)
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
    survey_round = _round(slug)
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
    survey_round = _round(slug)
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
    source = _round(slug)
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
    survey_round = _round(slug)
    sections = _sections(survey_round, list(survey_round.questions.all()))
    if not sections:
        messages.error(request, "Add questions to preview the round.")
        return redirect("surveys:round_detail", slug=slug)
    if page > len(sections):
        raise Http404
    return render(
        request,
        "surveys/take_page.html",
        _page_context(survey_round, sections, page, {}, {}, preview=True),
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


# --- staff: taking a survey ------------------------------------------------------------------


def _takeable(request, slug) -> Round:
    """A round the person is invited to, open or not (see _not_open)."""
    survey_round = _round(slug)
    staff = staff_record(request.user)
    if (
        not survey_round.published
        or survey_round.imported
        or not responding.in_audience(survey_round, staff)
    ):
        raise Http404
    return survey_round


def _not_open(request, survey_round):
    """A link followed before the round opens or after it closed: say so, and when results
    come, rather than a bare "Page not found"."""
    if survey_round.is_open:
        return None
    context = {"round": survey_round, **selectors.round_results_timing(survey_round)}
    status = 410 if survey_round.is_closed else 200
    return render(request, "surveys/not_open.html", context, status=status)


def _device_key(survey_round, user) -> str:
    """Where the browser keeps answers in progress: one entry per round and person, so someone
    else signing in on a shared computer never finds them filled in. Opaque, not the user id."""
    tag = salted_hmac("surveys.device-store", f"{survey_round.pk}:{user.pk}").hexdigest()[:20]
    return f"wellbeing-survey:{survey_round.slug}:{tag}"


def _already(request, survey_round):
    context = {"round": survey_round, "device_key": _device_key(survey_round, request.user)}
    return render(request, "surveys/already.html", context, status=409)


@require(Perm.TAKE_SURVEYS)
def mine(request):
    """Staff's own survey page, in everyone's menu: what is open for them and what has closed."""
    return render(
        request,
        "surveys/mine.html",
        {
            "to_take": selectors.rounds_to_take(request.user),
            "closed": selectors.rounds_closed_for(request.user),
            "read_results": has_perm(request.user, Perm.VIEW_SURVEY_RESULTS),
        },
    )


@require(Perm.TAKE_SURVEYS)
def take_start(request, slug):
    survey_round = _takeable(request, slug)
    if closed := _not_open(request, survey_round):
        return closed
    if selectors.has_responded(survey_round=survey_round, user=request.user):
        return _already(request, survey_round)
    sections = _sections(survey_round, question_cache.round_questions(survey_round))
    return render(
        request,
        "surveys/take_start.html",
        {
            "round": survey_round,
            "pages": len(sections),
            "questions": sum(len(q) for _, q in sections),
            "level": selectors.reporting_level(survey_round=survey_round, user=request.user),
        },
    )


def _carried(questions, answers: dict) -> list[tuple[str, str]]:
    """Answers to questions of other pages, as (name, value) hidden fields of this page's form."""
    fields = []
    for question in questions:
        given = answers.get(question.key)
        for value in given if isinstance(given, list) else [given]:
            if value not in (None, ""):
                fields.append((question.key, str(value)))
    return fields


def _answered_count(answers: dict) -> int:
    return sum(1 for value in answers.values() if value not in (None, "", []))


def _page_context(survey_round, sections, page, answers, errors, preview=False):
    section, questions = sections[page - 1]
    on_page = {q.key for q in questions}
    rows = []
    for question in questions:
        given = answers.get(question.key)
        chosen = (
            {str(v) for v in given}
            if isinstance(given, list)
            else ({str(given)} if given is not None else set())
        )
        rows.append(
            {
                "q": question,
                "chosen": chosen,
                "given": given if isinstance(given, str) else "",
                "error": errors.get(question.key),
            }
        )
    instruments = {q.instrument_key for q in questions if q.instrument_key}
    instructions = [survey_round.instruments.get(key, {}) for key in sorted(instruments)]
    others = [q for _, page_questions in sections for q in page_questions if q.key not in on_page]
    return {
        "round": survey_round,
        "section": section,
        "rows": rows,
        "page": page,
        "pages": len(sections),
        "answered": _answered_count(answers),
        "total": sum(len(page_questions) for _, page_questions in sections),
        "last": page == len(sections),
        "preview": preview,
        "instructions": instructions,
        "error_count": len(errors),
        "carried": _carried(others, answers),
    }


def _posted_answers(post, questions) -> dict:
    return {
        q.key: post.getlist(q.key) if q.kind == Question.Kind.MULTIPLE else post.get(q.key, "")
        for q in questions
    }


def _render_page(request, survey_round, sections, page, answers, errors=None, *, posted=True):
    context = _page_context(survey_round, sections, page, answers, errors or {})
    # A page rendered from a POST carries every answer given so far; the script then keeps the
    # form's state on the device. A page opened afresh lets the script restore that state.
    context["restore"] = not posted
    context["device_key"] = _device_key(survey_round, request.user)
    return render(request, "surveys/take_page.html", context, status=400 if errors else 200)


@sensitive_post_parameters()
@require(Perm.TAKE_SURVEYS)
def take_page(request, slug, page):
    """One page of the survey. Nothing is stored on the server until the last page is sent:
    each page's form carries the answers of the other pages in hidden fields, checked again
    here, and the browser keeps a copy on the device (static/surveys/survey.js)."""
    survey_round = _takeable(request, slug)
    if closed := _not_open(request, survey_round):
        return closed
    if selectors.has_responded(survey_round=survey_round, user=request.user):
        return _already(request, survey_round)
    questions = question_cache.round_questions(survey_round)
    sections = _sections(survey_round, questions)
    if not 1 <= page <= len(sections):
        raise Http404
    if request.method != "POST":
        return _render_page(request, survey_round, sections, page, {}, posted=False)
    raw = _posted_answers(request.POST, questions)
    page_questions = sections[page - 1][1]
    on_page = {q.key for q in page_questions}
    moving_back = "back" in request.POST
    # Answers carried from other pages: anything off the scale is dropped (the page that asks
    # it will ask again); this page's answers are checked in full.
    answers, _ = responding.answers_clean(
        [q for q in questions if q.key not in on_page], raw, complete=False
    )
    page_answers, errors = responding.answers_clean(page_questions, raw, complete=not moving_back)
    answers.update(page_answers)
    if moving_back:
        return _render_page(request, survey_round, sections, max(page - 1, 1), answers)
    if errors:
        answers.update({k: raw[k] for k in errors if isinstance(raw.get(k), str)})
        return _render_page(request, survey_round, sections, page, answers, errors)
    if page < len(sections):
        return _render_page(request, survey_round, sections, page + 1, answers)
    return _submit(request, survey_round, sections, answers)


def _submit(request, survey_round, sections, answers):
    try:
        responding.response_submit(
            survey_round=survey_round,
            user=request.user,
            answers=answers,
            questions=[q for _, questions in sections for q in questions],
        )
    except responding.AlreadyResponded:
        return _already(request, survey_round)
    except ValidationError as error:
        problems = error.message_dict
        for number, (_, questions) in enumerate(sections, start=1):
            errors = {q.key: " ".join(problems[q.key]) for q in questions if q.key in problems}
            if errors:
                return _render_page(request, survey_round, sections, number, answers, errors)
        raise
    return redirect("surveys:thanks", slug=survey_round.slug)


@require(Perm.TAKE_SURVEYS)
def thanks(request, slug):
    survey_round = _round(slug)
    if not selectors.has_responded(survey_round=survey_round, user=request.user):
        return redirect("surveys:take_start", slug=slug)
    context = {"round": survey_round, "device_key": _device_key(survey_round, request.user)}
    return render(request, "surveys/thanks.html", context)


# --- response rates, results, comments -------------------------------------------------------


@require(Perm.VIEW_RESPONSE_RATES)
def rates(request, slug):
    survey_round = _round(slug)
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
    survey_round = _round(slug)
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
        response = JsonResponse(results.export_json(data), json_dumps_params={"indent": 2})
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv_safe_dict_writer(response, fieldnames=results.CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(results.export_csv_rows(data))
    response["Content-Disposition"] = f'attachment; filename="{survey_round.slug}-results.{fmt}"'
    return response


@require(Perm.MODERATE_COMMENTS)
def comments(request, slug):
    survey_round = _round(slug)
    if not survey_round.is_closed and not survey_round.early_release:
        raise Http404
    show = request.GET.get("show", "pending")
    if show not in selectors.MODERATION_FILTERS:
        show = "pending"
    review = selectors.comments_to_moderate(survey_round=survey_round, show=show)
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
            shown_text = redact_names(text, selectors.names_flagged_in(text))
        services.comment_moderate(comment=comment, approve=form.approved, shown_text=shown_text)
        messages.success(request, "Comment reviewed.")
    else:
        messages.error(request, "Choose whether to approve the comment.")
    return redirect(_comments_page(slug, request.POST.get("show")))


@require(Perm.MODERATE_COMMENTS)
@require_POST
def comments_approve(request, slug):
    survey_round = _round(slug)
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
    return f"{url}?show={show}" if show in selectors.MODERATION_FILTERS else url


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
    survey_round = _round(slug)
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
