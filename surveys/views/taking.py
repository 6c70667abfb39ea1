"""Staff's pages for taking a survey: their rounds, each page of questions, and the thanks."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.crypto import salted_hmac
from django.views.decorators.debug import sensitive_post_parameters

from people.access import Perm, has_perm, require, staff_record
from surveys import (
    question_cache,
    responding,
    selectors,
)
from surveys.models import Question, Round
from surveys.views.base import round_or_404, round_sections

# --- staff: taking a survey ------------------------------------------------------------------


def _takeable(request, slug) -> Round:
    """A round the person is invited to, open or not (see _not_open)."""
    survey_round = round_or_404(slug)
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
    sections = round_sections(survey_round)
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


def page_context(survey_round, sections, page, answers, errors, preview=False):
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
    context = page_context(survey_round, sections, page, answers, errors or {})
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
    questions = question_cache.round_questions(survey_round)
    sections = round_sections(survey_round)
    if not 1 <= page <= len(sections):
        raise Http404
    # The last page's POST leaves this check to response_submit, which makes it under the
    # round's lock as it stores the answers; a page shown instead checks first (below).
    submitting = request.method == "POST" and page == len(sections) and "back" not in request.POST
    if not submitting and selectors.has_responded(survey_round=survey_round, user=request.user):
        return _already(request, survey_round)
    if request.method != "POST":
        return _render_page(request, survey_round, sections, page, {}, posted=False)
    raw = _posted_answers(request.POST, questions)
    if submitting:
        # Every answer is checked once, by response_submit. Only answers it refuses go through
        # the pages' own checks below, which say what to put right and on which page.
        try:
            return _store(request, survey_round, sections, raw)
        except ValidationError:
            pass
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
        if submitting and selectors.has_responded(survey_round=survey_round, user=request.user):
            return _already(request, survey_round)
        answers.update({k: raw[k] for k in errors if isinstance(raw.get(k), str)})
        return _render_page(request, survey_round, sections, page, answers, errors)
    if page < len(sections):
        return _render_page(request, survey_round, sections, page + 1, answers)
    return _submit(request, survey_round, sections, answers)


def _store(request, survey_round, sections, answers):
    """Submit the answers and thank the person; ValidationError when an answer is refused."""
    try:
        responding.response_submit(
            survey_round=survey_round,
            user=request.user,
            answers=answers,
            questions=[q for _, questions in sections for q in questions],
        )
    except responding.AlreadyResponded:
        return _already(request, survey_round)
    return redirect("surveys:thanks", slug=survey_round.slug)


def _submit(request, survey_round, sections, answers):
    try:
        return _store(request, survey_round, sections, answers)
    except ValidationError as error:
        if selectors.has_responded(survey_round=survey_round, user=request.user):
            return _already(request, survey_round)
        problems = error.message_dict
        for number, (_, questions) in enumerate(sections, start=1):
            errors = {q.key: " ".join(problems[q.key]) for q in questions if q.key in problems}
            if errors:
                return _render_page(request, survey_round, sections, number, answers, errors)
        raise


@require(Perm.TAKE_SURVEYS)
def thanks(request, slug):
    survey_round = round_or_404(slug)
    if not selectors.has_responded(survey_round=survey_round, user=request.user):
        return redirect("surveys:take_start", slug=slug)
    context = {"round": survey_round, "device_key": _device_key(survey_round, request.user)}
    return render(request, "surveys/thanks.html", context)
