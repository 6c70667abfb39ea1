"""Writes for surveys: rounds, questions, taking a survey, writing out batches, building results."""

import random
import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.text import slugify

from common.moderation import moderation_outcome
from people.access import staff_record
from people.models import School, StaffMember, Trust
from surveys import drivers, question_cache, results, sealing, selectors
from surveys.models import (
    PULSE_MAX_QUESTIONS,
    Comment,
    Instrument,
    Invitation,
    PendingResponse,
    Question,
    Release,
    ReportingCluster,
    Response,
    Round,
    RoundResults,
)

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


class SurveyClosed(Exception):
    """The round is not open for answers."""


class AlreadyResponded(Exception):
    """The person has already submitted a response to this round."""


class NotInAudience(Exception):
    """The person is not in the round's audience."""


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
    returns how many. Scores are then computed from the items present (see results.score_meta).
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


def questions_copy(*, source: Round, target: Round) -> None:
    """Give target the same questions as source, so the two rounds' trends line up."""
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
            position=q.position,
        )
        for q in source.questions.all()
    )


def audience_staff(survey_round: Round, today: date | None = None):
    """Who a round is for: the portal's one audience rule (people.models.StaffQuerySet)."""
    staff = StaffMember.objects.audience_on(today or timezone.localdate())
    if not survey_round.whole_trust:
        staff = staff.filter(school__in=survey_round.schools.all())
    return staff


@transaction.atomic
def round_publish(*, survey_round: Round) -> Round:
    """HR opens the round: staff see it from opens_at; invitations go out then (see tasks)."""
    if not survey_round.questions.exists():
        raise ValidationError("Add at least one question before opening the round.")
    if survey_round.closes_at <= timezone.now():
        raise ValidationError("The closing time has passed; choose a later one.")
    survey_round.published = True
    survey_round.save(update_fields=["published"])
    return survey_round


@transaction.atomic
def round_close(*, survey_round: Round) -> Round:
    """Close the round now. Its results come at the closing time it had (or when HR releases
    them); until then HR may reopen it (round_reopen)."""
    now = timezone.now()
    if survey_round.closes_at > now:
        survey_round.closed_early_from = survey_round.closed_early_from or survey_round.closes_at
        survey_round.closes_at = max(now, survey_round.opens_at + timedelta(seconds=1))
        survey_round.save(update_fields=["closes_at", "closed_early_from"])
    return survey_round


def round_reopenable(survey_round: Round, now=None) -> bool:
    """Closed early, its planned closing time still ahead, and no results released since."""
    now = now or timezone.now()
    return (
        survey_round.closed_early_from is not None
        and survey_round.closed_early_from > now
        and survey_round.status_at(now) == Round.Status.CLOSED
        and not survey_round.releases.filter(made_at__gte=survey_round.closes_at).exists()
    )


@transaction.atomic
def round_reopen(*, survey_round: Round) -> Round:
    """Undo an early close: the round is open again until its planned closing time."""
    survey_round = Round.objects.select_for_update().get(pk=survey_round.pk)
    if not round_reopenable(survey_round):
        raise ValidationError(
            "This round cannot be reopened: results were released after it closed, or its"
            " planned closing time has passed."
        )
    survey_round.closes_at = survey_round.closed_early_from
    survey_round.closed_early_from = None
    survey_round.save(update_fields=["closes_at", "closed_early_from"])
    return survey_round


def invitations_create(*, survey_round: Round) -> list[int]:
    """Make sure everyone in the audience has an invitation; returns the ids of new ones."""
    have = set(survey_round.invitations.values_list("user_id", flat=True))
    new = [
        Invitation(
            round=survey_round, user_id=s.user_id, school_id=s.school_id, role_group=s.role_group
        )
        for s in audience_staff(survey_round)
        if s.user_id not in have
    ]
    random.SystemRandom().shuffle(new)
    return [i.pk for i in Invitation.objects.bulk_create(new)]


def in_audience(survey_round: Round, staff: StaffMember | None) -> bool:
    if staff is None or not staff.is_employed_on(timezone.localdate()):
        return False
    return survey_round.whole_trust or survey_round.schools.filter(pk=staff.school_id).exists()


def _fte_band(staff: StaffMember) -> str:
    return Response.FteBand.FULL_TIME if staff.fte >= 1 else Response.FteBand.PART_TIME


def _service_band(staff: StaffMember, today: date) -> str:
    years = (today - staff.start_date).days / 365.25
    if years < 2:
        return Response.ServiceBand.UNDER_2
    if years < 5:
        return Response.ServiceBand.FROM_2_TO_5
    if years < 10:
        return Response.ServiceBand.FROM_5_TO_10
    return Response.ServiceBand.OVER_10


def answers_clean(questions, data: dict, *, complete: bool) -> tuple[dict, dict]:
    """Check raw answers {key: str | list[str]}; returns (answers, errors); off-scale: error."""
    answers, errors = {}, {}
    for question in questions:
        raw = data.get(question.key)
        if question.kind == Question.Kind.TEXT:
            text = (raw or "").strip() if isinstance(raw, str) else ""
            if text:
                answers[question.key] = text[:4000]
            elif complete and question.required:
                errors[question.key] = "Please answer this question."
            continue
        allowed = set(question.values)
        values = raw if isinstance(raw, list) else ([] if raw in (None, "") else [raw])
        try:
            numbers = sorted({int(v) for v in values})
        except (TypeError, ValueError):
            errors[question.key] = "Choose one of the answers given."
            continue
        if any(n not in allowed for n in numbers):
            errors[question.key] = "Choose one of the answers given."
        elif question.kind == Question.Kind.MULTIPLE:
            if numbers:
                answers[question.key] = numbers
        elif len(numbers) > 1:
            errors[question.key] = "Choose only one answer."
        elif numbers:
            answers[question.key] = numbers[0]
        if (
            complete
            and question.required
            and question.key not in answers
            and question.key not in errors
        ):
            errors[question.key] = "Please answer this question."
    return answers, errors


def _round_lock(survey_round: Round, *, shared: bool) -> None:
    """Submissions (shared) and the batch that writes them out (exclusive) exclude each other,
    so a person cannot submit again between the batch marking them and deleting their row.

    An advisory lock writes nothing to any row, unlike SELECT ... FOR UPDATE, which would stamp
    the round row with the submitting transaction's id. SQLite has one writer at a time anyway.
    """
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", [ROUND_LOCK_CLASS, survey_round.pk])


ROUND_LOCK_CLASS = 7301  # the advisory lock namespace for survey rounds


@transaction.atomic
def response_submit(*, survey_round: Round, user, answers: dict, questions=None) -> None:
    """Seal what this person answered, with a keyed token saying they have submitted.

    One row is written, in a transaction of its own: no invitation, round or session row shares
    its transaction id, position or time with it. Participation is marked later, by the batch
    that writes responses out (`round_pending_open`), for at least the round's minimum group
    size of people at once. `questions`: the round's questions when the caller has them loaded.
    """
    staff = staff_record(user)
    if survey_round.status != Round.Status.OPEN:
        raise SurveyClosed
    if not in_audience(survey_round, staff):
        raise NotInAudience
    _round_lock(survey_round, shared=True)
    if selectors.has_responded(survey_round=survey_round, user=user):
        raise AlreadyResponded
    if questions is None:
        questions = question_cache.round_questions(survey_round)
    clean, errors = answers_clean(questions, answers, complete=True)
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    text_keys = {q.key for q in questions if q.kind == Question.Kind.TEXT}
    payload = {
        "school_id": staff.school_id,
        "role_group": staff.role_group,
        "department": staff.department,
        "fte_band": _fte_band(staff),
        "service_band": _service_band(staff, today),
        "answers": {k: v for k, v in clean.items() if k not in text_keys},
        "comments": [[k, v] for k, v in clean.items() if k in text_keys],
    }
    try:
        with transaction.atomic():
            PendingResponse.objects.create(
                round=survey_round,
                token=sealing.participant_token(round_id=survey_round.pk, user_id=user.pk),
                sealed=sealing.seal(payload, round_id=survey_round.pk),
            )
    except IntegrityError as error:  # the same person submitting twice at once
        raise AlreadyResponded from error


def _opened(survey_round: Round, pending: PendingResponse, day: date):
    data = sealing.unseal(pending.sealed, round_id=survey_round.pk)
    common = {
        "round": survey_round,
        "school_id": data["school_id"],
        "role_group": data["role_group"],
    }
    response = Response(
        **common,
        department=data["department"],
        fte_band=data["fte_band"],
        service_band=data["service_band"],
        submitted_on=day,
        answers=data["answers"],
    )
    return response, [Comment(**common, question_key=k, text=v) for k, v in data["comments"]]


def pending_batch_size(*, survey_round: Round, waiting: int, now=None) -> int:
    """How many of `waiting` sealed rows the next batch opens (0: not yet).

    While the round is open a batch needs twice the minimum group size k waiting and leaves k
    of them sealed, so the last batch at close also has at least k (whenever the round had k
    submissions at all). At close everything left is opened.
    """
    k = survey_round.min_group_size
    if survey_round.status_at(now) == Round.Status.CLOSED:
        return waiting
    return waiting - k if waiting >= 2 * k else 0


def _participation_mark(survey_round: Round, tokens: set[str]) -> set[str]:
    """Mark the invitations whose person's token is in tokens (adding an invitation for someone
    in the audience who had none yet); returns the tokens matched."""
    matched: set[str] = set()
    if not tokens:
        return matched
    marked = []
    for invitation_id, user_id in Invitation.objects.filter(
        round=survey_round, user__isnull=False, responded=False
    ).values_list("pk", "user_id"):
        found = tokens.intersection(
            sealing.participant_tokens(round_id=survey_round.pk, user_id=user_id)
        )
        if found:
            marked.append(invitation_id)
            matched |= found
    Invitation.objects.filter(pk__in=marked).update(responded=True)
    if tokens - matched:
        invited = Invitation.objects.filter(round=survey_round).values("user_id")
        new = []
        for staff in audience_staff(survey_round).exclude(user_id__in=invited):
            found = (tokens - matched).intersection(
                sealing.participant_tokens(round_id=survey_round.pk, user_id=staff.user_id)
            )
            if found:
                new.append(
                    Invitation(
                        round=survey_round,
                        user_id=staff.user_id,
                        school_id=staff.school_id,
                        role_group=staff.role_group,
                        responded=True,
                    )
                )
                matched |= found
        Invitation.objects.bulk_create(new)
    return matched


def round_pending_open(*, survey_round: Round, now=None) -> int:
    """Write out a batch of sealed submissions as responses; returns how many.

    In one transaction: open the batch (chosen at random among those waiting), mark those
    people's invitations through their tokens, write responses and comments in random order with
    random ids and the day of the batch (not of submission), delete the pending rows. A database
    reader comparing copies before and after sees a batch of at least k people and k responses,
    never which is whose. A row that cannot be opened stops the batch; nothing is lost.

    At close, if fewer than k are left (only when the whole round had fewer than k), their
    responses are written out but nobody's invitation is marked: the round's `responded_unlisted`
    counts them instead, so no copy of the database ties those few answers to those few people.

    Every invitation of the round is rewritten in the same transaction, so in any one copy of
    the database all of them carry the last batch's transaction id, not their own batch's.
    Afterwards, on PostgreSQL and outside any transaction, the pending and invitation tables are
    vacuumed so deleted sealed rows and earlier versions of invitations do not linger on pages.
    """
    now = now or timezone.now()
    with transaction.atomic():
        _round_lock(survey_round, shared=False)
        waiting = list(PendingResponse.objects.filter(round=survey_round))
        size = pending_batch_size(survey_round=survey_round, waiting=len(waiting), now=now)
        if not size:
            return 0
        rng = random.SystemRandom()
        batch = rng.sample(waiting, size)
        day = timezone.localdate(now)
        responses, comments = [], []
        for pending in batch:
            response, its_comments = _opened(survey_round, pending, day)
            responses.append(response)
            comments.extend(its_comments)
        # Rows sealed before tokens existed have none: their invitations were marked already.
        tokens = {pending.token for pending in batch if pending.token}
        if len(batch) >= survey_round.min_group_size:
            unlisted = len(tokens - _participation_mark(survey_round, tokens))
        else:
            unlisted = len(tokens)
        # Rewrite every invitation of the round, so all carry this transaction's id: in one copy
        # of the database nobody can tell which batch a person was marked in.
        Invitation.objects.filter(round=survey_round).update(responded=F("responded"))
        rng.shuffle(responses)
        rng.shuffle(comments)
        PendingResponse.objects.filter(pk__in=[pending.pk for pending in batch]).delete()
        Response.objects.bulk_create(responses, batch_size=2000)
        Comment.objects.bulk_create(comments, batch_size=2000)
        if unlisted:
            Round.objects.filter(pk=survey_round.pk).update(
                responded_unlisted=F("responded_unlisted") + unlisted
            )
    batch_tables_vacuum()
    return len(responses)


def batch_tables_vacuum() -> None:
    """VACUUM the tables a batch deletes from or rewrites (PostgreSQL; never inside a
    transaction, where VACUUM cannot run)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (PendingResponse, Invitation):
            cursor.execute(f"VACUUM {model._meta.db_table}")


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
