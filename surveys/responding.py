"""Writes for taking a survey: who may answer, checking answers, submitting a response, and
opening the held (pending) responses in batches once enough have come in."""

import random
import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from people.access import staff_record
from people.models import StaffMember
from surveys import question_cache, sealing
from surveys.models import (
    Comment,
    Invitation,
    PendingResponse,
    Question,
    Response,
    Round,
)


class SurveyClosed(Exception):
    """The round is not open for answers."""


class AlreadyResponded(Exception):
    """The person has already submitted a response to this round."""


class NotInAudience(Exception):
    """The person is not in the round's audience."""


def audience_staff(survey_round: Round, today: date | None = None):
    """Who a round is for: the portal's one audience rule (people.models.StaffQuerySet)."""
    staff = StaffMember.objects.audience_on(today or timezone.localdate())
    if not survey_round.whole_trust:
        staff = staff.filter(school__in=survey_round.schools.all())
    return staff


def in_audience(survey_round: Round, staff: StaffMember | None) -> bool:
    if staff is None or not staff.is_employed_on(timezone.localdate()):
        return False
    return survey_round.whole_trust or staff.school_id in _school_ids(survey_round)


def _school_ids(survey_round: Round) -> set[int]:
    """The round's schools, read once per round object: the survey page and the submit it calls
    both ask, about the same round, in one request."""
    if not hasattr(survey_round, "_school_ids"):
        survey_round._school_ids = set(survey_round.schools.values_list("pk", flat=True))
    return survey_round._school_ids


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
        allowed = question.allowed_values
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
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {ROUND_LOCK_FUNCTIONS[shared]}(%s, %s)", [ROUND_LOCK_CLASS, survey_round.pk]
        )


ROUND_LOCK_CLASS = 7301  # the advisory lock namespace for survey rounds
ROUND_LOCK_FUNCTIONS = {True: "pg_advisory_xact_lock_shared", False: "pg_advisory_xact_lock"}


def response_submit(*, survey_round: Round, user, answers: dict, questions=None) -> None:
    """Seal what this person answered, with a keyed token saying they have submitted.

    One row is written, in a transaction of its own: no invitation, round or session row shares
    its transaction id, position or time with it. Participation is marked later, by the batch
    that writes responses out (`round_pending_open`), for at least the round's minimum group
    size of people at once. `questions`: the round's questions when the caller has them loaded.

    Answers are checked and sealed first; then, under the round's shared lock, one statement
    stores the row unless the person has responded (`_pending_store`).
    """
    staff = staff_record(user)
    if survey_round.status != Round.Status.OPEN:
        raise SurveyClosed
    if not in_audience(survey_round, staff):
        raise NotInAudience
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
    if not _pending_store(survey_round, user, sealing.seal(payload, round_id=survey_round.pk)):
        raise AlreadyResponded


def _pending_store(survey_round: Round, user, sealed: str) -> bool:
    """Store the sealed row unless the person has responded; False when refused.

    "Responded" is the rule of `selectors.has_responded`: their invitation is marked, or a row
    with their token under any configured key is waiting. The INSERT checks it itself, and the
    unique token refuses the row of a second submission racing this one (ON CONFLICT DO NOTHING
    waits for the other transaction, then skips the row if that one committed).

    On PostgreSQL the round's shared lock (`_round_lock`) and the INSERT go as one query string:
    the server runs such a string as one transaction, here of its own, and in READ COMMITTED each
    statement of it starts with a fresh view of the data, so the INSERT sees any batch that
    committed while the lock was awaited. One round trip, no BEGIN, COMMIT or savepoint. Inside
    a caller's transaction (as in tests) both statements join that one instead.
    """
    tokens = sealing.participant_tokens(round_id=survey_round.pk, user_id=user.pk)
    pending = connection.ops.quote_name(PendingResponse._meta.db_table)
    invitation = connection.ops.quote_name(Invitation._meta.db_table)
    sql = (
        f"INSERT INTO {pending} (id, round_id, token, sealed) SELECT %s, %s, %s, %s"
        f" WHERE NOT EXISTS (SELECT 1 FROM {invitation}"
        "   WHERE round_id = %s AND user_id = %s AND responded)"
        f" AND NOT EXISTS (SELECT 1 FROM {pending}"
        f"   WHERE round_id = %s AND token IN ({', '.join(['%s'] * len(tokens))}))"
        " ON CONFLICT DO NOTHING RETURNING id"
    )
    params = [
        PendingResponse._meta.pk.get_db_prep_value(uuid.uuid4(), connection),
        survey_round.pk,
        tokens[0],
        sealed,
        survey_round.pk,
        user.pk,
        survey_round.pk,
        *tokens,
    ]
    if connection.vendor == "postgresql":
        sql = f"SELECT {ROUND_LOCK_FUNCTIONS[True]}(%s, %s); {sql}"
        params = [ROUND_LOCK_CLASS, survey_round.pk, *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


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
