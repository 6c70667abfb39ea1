"""Writes for surveys: rounds, questions, building and releasing results, comments, clusters.
Taking a survey is in `surveys.responding`, opening and closing a round in `surveys.publishing`."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.text import slugify

from common.moderation import moderation_outcome
from people.models import School, Trust
from surveys import drivers, results
from surveys.models import (
    PULSE_MAX_QUESTIONS,
    Comment,
    Instrument,
    Invitation,
    Question,
    Release,
    ReportingCluster,
    Response,
    Round,
    RoundResults,
)
from surveys.responding import round_pending_open

AGREE5 = {
    "type": "options",
    "options": [
        {"value": 1, "label": "Strongly disagree"},
        {"value": 2, "label": "Disagree"},
        {"value": 3, "label": "Neither agree nor disagree"},
        {"value": 4, "label": "Agree"},
        {"value": 5, "label": "Strongly agree"},
    ],
}
SCALE10 = {
    "type": "range",
    "min": 0,
    "max": 10,
    "min_label": "Not at all",
    "max_label": "Completely",
}
CUSTOM_SECTION = "Your views"


def unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "round"
    slug, number = base, 2
    while Round.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def round_create(
    *,
    title: str,
    opens_at,
    closes_at,
    schools=(),
    whole_trust=True,
    min_group_size=None,
    comment_min_group_size=None,
    reminder_every_days=None,
    slug=None,
) -> Round:
    trust = Trust.current()
    survey_round = Round(
        slug=slug or unique_slug(title),
        title=title,
        whole_trust=whole_trust,
        opens_at=opens_at,
        closes_at=closes_at,
        min_group_size=max(3, min_group_size or trust.min_group_size),
        comment_min_group_size=max(3, comment_min_group_size or trust.comment_min_group_size),
        reminder_every_days=reminder_every_days,
    )
    survey_round.full_clean()
    survey_round.save()
    if not whole_trust:
        survey_round.schools.set(schools)
    return survey_round


def _next_position(survey_round: Round) -> int:
    return (survey_round.questions.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def round_instrument_add(
    *, survey_round: Round, instrument: Instrument, item_keys: list[str] | None = None
) -> int:
    """Add an instrument's items (all when item_keys is None, else those listed) as questions;
    returns how many. Scores are then computed from the items present (see tallies.score_meta).
    """
    definition = instrument.definition
    existing = set(survey_round.questions.values_list("key", flat=True))
    position = _next_position(survey_round)
    wanted = None if item_keys is None else set(item_keys)
    if wanted is not None:
        known = {item["key"] for item in definition["items"]}
        if not wanted:
            raise ValidationError(f"Tick at least one item of {instrument.name} to add.")
        if wanted - known:
            unknown = ", ".join(sorted(wanted - known))
            raise ValidationError(f"{instrument.name} has no item {unknown}.")
    new = []
    for item in definition["items"]:
        if item["key"] in existing or (wanted is not None and item["key"] not in wanted):
            continue
        new.append(
            Question(
                round=survey_round,
                key=item["key"],
                text=item["text"],
                kind=Question.Kind.ITEM,
                instrument_key=instrument.key,
                scale=definition["scales"][item["scale"]],
                reverse=bool(item.get("reverse")),
                required=False,
                section=instrument.name,
                position=position,
            )
        )
        position += 1
    pulse_room_check(survey_round, len(new))
    Question.objects.bulk_create(new)
    survey_round.instruments = {
        **survey_round.instruments,
        instrument.key: {
            key: definition.get(key, "")
            for key in ("name", "licence", "attribution", "instructions")
        }
        | {"scores": definition.get("scores", [])},
    }
    survey_round.save(update_fields=["instruments"])
    return len(new)


def pulse_room_check(survey_round: Round, adding: int) -> None:
    """A pulse keeps to PULSE_MAX_QUESTIONS questions."""
    if survey_round.kind != Round.Kind.PULSE:
        return
    if survey_round.questions.count() + adding > PULSE_MAX_QUESTIONS:
        raise ValidationError(
            f"A pulse survey has at most {PULSE_MAX_QUESTIONS} questions: remove some first."
        )


def _custom_key(survey_round: Round, text: str) -> str:
    base = "q_" + (re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40] or "question")
    taken = set(survey_round.questions.values_list("key", flat=True))
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


@transaction.atomic
def question_add(
    *,
    survey_round: Round,
    text: str,
    kind: str,
    options: list[str] = (),
    required: bool = False,
    section: str = "",
) -> Question:
    """Add a question HR wrote: agreement, 0-10, single or multiple choice, or free text."""
    pulse_room_check(survey_round, 1)
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        labels = [o.strip() for o in options if o.strip()]
        if len(labels) < 2:
            raise ValidationError({"options": "Give at least two options, one a line."})
        scale = {
            "type": "options",
            "options": [{"value": i, "label": label} for i, label in enumerate(labels, 1)],
        }
    elif kind == Question.Kind.AGREE5:
        scale = AGREE5
    elif kind == Question.Kind.SCALE10:
        scale = SCALE10
    elif kind == Question.Kind.TEXT:
        scale = {}
    else:
        raise ValidationError({"kind": "Choose a kind of question."})
    return Question.objects.create(
        round=survey_round,
        key=_custom_key(survey_round, text),
        text=text.strip(),
        kind=kind,
        scale=scale,
        required=required,
        section=section.strip() or CUSTOM_SECTION,
        position=_next_position(survey_round),
    )


def question_remove(*, question: Question) -> None:
    if question.round.published:
        raise ValidationError("Questions of a round that has been opened cannot change.")
    question.delete()


@transaction.atomic
def round_copy(*, source: Round, title: str, opens_at, closes_at) -> Round:
    """A new draft round repeating the source's questions and audience, so trends line up."""
    copy = round_create(
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        whole_trust=source.whole_trust,
        schools=list(source.schools.all()),
        min_group_size=source.min_group_size,
        comment_min_group_size=source.comment_min_group_size,
        reminder_every_days=source.reminder_every_days,
    )
    copy.copied_from = source
    copy.instruments = source.instruments
    copy.save(update_fields=["copied_from", "instruments"])
    questions_copy(source=source, target=copy)
    return copy


def questions_copy(*, source: Round, target: Round, questions=None) -> None:
    """Give target word-for-word copies of source's questions (or of the chosen `questions`,
    renumbered from 1), so the two rounds' trends line up on the same keys."""
    if questions is None:
        chosen = [(q.position, q) for q in source.questions.all()]
    else:
        chosen = list(enumerate(questions, start=1))
    Question.objects.bulk_create(
        Question(
            round=target,
            key=q.key,
            text=q.text,
            kind=q.kind,
            instrument_key=q.instrument_key,
            scale=q.scale,
            reverse=q.reverse,
            required=q.required,
            section=q.section,
            position=position,
        )
        for position, q in chosen
    )


def round_schools(survey_round: Round) -> dict:
    """{school id: School} reported for a round: its audience plus any school that has responses."""
    if survey_round.whole_trust and not survey_round.imported:
        schools = School.objects.all()
    else:
        ids = set(survey_round.schools.values_list("pk", flat=True))
        ids |= set(
            Response.objects.filter(round=survey_round, school__isnull=False).values_list(
                "school_id", flat=True
            )
        )
        schools = School.objects.filter(pk__in=ids)
    return {school.pk: school for school in schools}


class NothingNewToRelease(ValidationError):
    """A release now would show nothing new (every change is still below the minimum)."""


def _round_invited(survey_round: Round) -> dict | None:
    if survey_round.imported:
        return None
    counts = (
        Invitation.objects.filter(round=survey_round)
        .values("school__urn")
        .annotate(n=Count("pk"))
        .order_by()
    )
    invited = {"trust": 0}
    for row in counts:
        invited["trust"] += row["n"]
        if row["school__urn"]:
            invited[row["school__urn"]] = row["n"]
    return invited


def _waiting_message(data: dict, last_number: int) -> str:
    k = data["min_group_size"]
    waiting = [
        row["group"]
        for row in data["statement"]["rows"]
        if row["rule"] == "change-below-k" and row["figure"].startswith("All figures")
    ]
    where = (
        f" in {', '.join(waiting[:6])}{' or another group' if len(waiting) > 6 else ''}"
        if waiting
        else ""
    )
    return (
        f"Nothing new can be released yet: release {last_number} is still what people see. "
        f"The next release becomes possible after at least {k} more responses{where}, so that "
        "no figure moves by fewer than the minimum group size."
    )


@transaction.atomic
def release_make(*, survey_round: Round, now=None) -> Release:
    """Make the round's next release (see people.anonymity) and show it to everyone.

    Refused (NothingNewToRelease, saying when the next becomes possible) when it would show
    nothing the last release did not. The first release is always made, so a round with too few
    responses still says so. Made at close, it is the final release.
    """
    now = now or timezone.now()
    Round.objects.select_for_update().get(pk=survey_round.pk)
    round_pending_open(survey_round=survey_round, now=now)
    earlier = [r.data for r in Release.objects.filter(round=survey_round).order_by("number")]
    clusters = [
        (c.name, [s.pk for s in c.schools.all()])
        for c in ReportingCluster.objects.prefetch_related("schools")
    ]
    data = results.round_results_compute(
        round=survey_round,
        questions=list(survey_round.questions.all()),
        responses=Response.objects.filter(round=survey_round)
        .values_list("school_id", "role_group", "department", "answers")
        .iterator(chunk_size=2000),
        schools=round_schools(survey_round),
        clusters=clusters,
        invited=_round_invited(survey_round),
        earlier=earlier,
        number=len(earlier) + 1,
    )
    if earlier and results.shown_counts(data) == results.shown_counts(earlier[-1]):
        raise NothingNewToRelease(_waiting_message(data, len(earlier)))
    final = survey_round.status_at(now) == Round.Status.CLOSED
    data["drivers"] = release_drivers(survey_round=survey_round, data=data, earlier=earlier)
    data["release"] = {"number": len(earlier) + 1, "made_at": now.isoformat(), "final": final}
    data["provisional"] = not final
    release = Release.objects.create(
        round=survey_round, number=len(earlier) + 1, made_at=now, final=final, data=data
    )
    RoundResults.objects.update_or_create(
        round=survey_round, defaults={"data": data, "built_at": now}
    )
    return release


@transaction.atomic
def round_results_build(*, survey_round: Round, now=None) -> RoundResults:
    """The release at close (or at import): made if it shows something new; either way the
    round's results are then marked as built after closing, so they are not tried again."""
    now = now or timezone.now()
    try:
        release_make(survey_round=survey_round, now=now)
    except NothingNewToRelease:
        stored = RoundResults.objects.get(round=survey_round)
        stored.data["provisional"] = survey_round.status_at(now) != Round.Status.CLOSED
        stored.built_at = now
        stored.save(update_fields=["data", "built_at"])
    return RoundResults.objects.get(round=survey_round)


def round_early_release(*, survey_round: Round, now=None) -> Release:
    """HR releases results before the round closes (and again later, when something is new)."""
    if not survey_round.early_release:
        survey_round.early_release = True
        survey_round.save(update_fields=["early_release"])
    return release_make(survey_round=survey_round, now=now)


def comment_moderate(*, comment: Comment, approve: bool, shown_text: str = "") -> Comment:
    comment.status, comment.shown_text = moderation_outcome(
        text=comment.text, approve=approve, shown_text=shown_text
    )
    comment.save(update_fields=["status", "shown_text"])
    return comment


def comments_approve(*, survey_round: Round, ids) -> int:
    """Approve, as written, the chosen comments of the round still waiting for review; those
    already decided are left as they are. Returns how many were approved."""
    return Comment.objects.filter(
        round=survey_round, pk__in=list(ids), status=Comment.Status.PENDING
    ).update(status=Comment.Status.APPROVED, shown_text=F("text"))


@transaction.atomic
def round_save(*, form) -> Round:
    """Save a round's settings from its valid RoundForm (before it closes)."""
    return form.save()


def cluster_delete(*, cluster: ReportingCluster) -> None:
    cluster.delete()


@transaction.atomic
def cluster_save(
    *, name: str, schools, cluster: ReportingCluster | None = None
) -> ReportingCluster:
    cluster = cluster or ReportingCluster()
    cluster.name = name.strip()
    cluster.full_clean()
    cluster.save()
    cluster.schools.set(schools)
    return cluster


# --- drivers (surveys.drivers): computed from the responses a release is made from ---


def release_drivers(*, survey_round, data: dict, earlier: list[dict]) -> dict:
    """The drivers of the release being made (`data`), from the round's responses now."""
    return drivers.release_drivers_compute(
        survey_round=survey_round,
        questions=list(survey_round.questions.all()),
        responses=Response.objects.filter(round=survey_round)
        .values_list("school__urn", "answers")
        .iterator(chunk_size=2000),
        data=data,
        earlier=earlier,
    )


def drivers_ensure(survey_round, data: dict | None) -> dict | None:
    """The latest release's data with its drivers. A final release made before drivers existed
    gets them now: after the round closed its responses are exactly those it was made from."""
    if data is None or "drivers" in data or not (data.get("release") or {}).get("final"):
        return data
    with transaction.atomic():
        releases = list(Release.objects.filter(round=survey_round).order_by("number"))
        earlier = [r.data for r in releases[:-1]]
        found = release_drivers(survey_round=survey_round, data=data, earlier=earlier)
        data = {**data, "drivers": found}
        latest = releases[-1]
        latest.data = {**latest.data, "drivers": found}
        latest.save(update_fields=["data"])
        RoundResults.objects.filter(round=survey_round).update(data=data)
    return data
