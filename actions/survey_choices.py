"""Reads for linking an action to survey results: the closed rounds, questions and approved
comments an action may answer, and a new action's fields taken from a question."""

from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from people.models import School


def closed_rounds():
    from surveys.models import Round

    now = timezone.now()
    return Round.objects.filter(Q(imported=True) | Q(published=True, closes_at__lte=now))


def round_choices(*, school: School | None) -> QuerySet:
    """Closed rounds of the last two years that asked this school's staff (all, for the trust)."""
    rounds = closed_rounds().filter(closes_at__gte=timezone.now() - timedelta(days=731))
    if school is not None:
        rounds = rounds.filter(Q(whole_trust=True) | Q(schools=school)).distinct()
    return rounds.order_by("-closes_at")


def question_choices(*, rounds: QuerySet) -> QuerySet:
    from surveys.models import Question

    return (
        Question.objects.filter(round__in=rounds)
        .select_related("round")
        .order_by("-round__closes_at", "position", "pk")
    )


def comment_choices(*, school: School | None, rounds: QuerySet) -> QuerySet:
    """Comments HR approved, only from groups the survey rules let comments be shown for: the
    school's group (the whole trust's, for a trust action) shown and at least the round's comment
    threshold in its stored results."""
    from surveys.models import Comment
    from surveys.stored_results import group_of

    allowed = []
    for survey_round in rounds.filter(results__isnull=False).select_related("results"):
        data = survey_round.results.data
        if school is None:
            group = group_of(data, kind="trust")
        else:
            group = group_of(data, kind="school", school_urn=school.urn)
        if (
            group
            and not group["suppressed"]
            and (group["respondents"] or 0) >= survey_round.comment_min_group_size
        ):
            allowed.append(survey_round.pk)
    comments = Comment.objects.filter(round__in=allowed, status=Comment.Status.APPROVED)
    if school is not None:
        comments = comments.filter(school=school)
    return comments.select_related("round").order_by(
        "-round__closes_at", "question_key", "shown_text"
    )


def initial_from_question(*, school: School | None, question_id) -> dict:
    """Form values for an action answering one survey question (a finding)."""
    if not question_id or not str(question_id).isdigit():
        return {}
    question = question_choices(rounds=round_choices(school=school)).filter(pk=question_id).first()
    if question is None:
        return {}
    return {
        "round": question.round_id,
        "question": question.pk,
        "you_said": f"“{question.text}” scored low.",
    }


def initial_from_score(*, school: School | None, round_id, score: str) -> dict:
    """Form values for an action answering a standard's (multi-question) score: the round, and
    the score named in "You said" (an action links to one question at most, so none is chosen)."""
    if not round_id or not str(round_id).isdigit() or ":" not in (score or ""):
        return {}
    survey_round = round_choices(school=school).filter(pk=round_id).first()
    if survey_round is None:
        return {}
    instrument_key, score_key = score.split(":", 1)
    instrument = (survey_round.instruments or {}).get(instrument_key) or {}
    for entry in instrument.get("scores", []):
        if entry.get("key") == score_key:
            name = instrument.get("name") or instrument_key
            return {
                "round": survey_round.pk,
                "you_said": f"“{entry['label']}” ({name}) scored low.",
            }
    return {}
