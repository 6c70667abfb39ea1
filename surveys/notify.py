"""Invitations and reminders, sent through the portal's one mail service (quiet hours respected)."""

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from notifications.mail import notifications_send_many
from people.models import Trust
from school_calendar.quiet_hours import is_send_allowed
from surveys import selectors
from surveys.models import Invitation, Round, RoundResults
from surveys.publishing import invitations_create


def _context(survey_round: Round) -> dict:
    from django.conf import settings

    base = settings.SITE_URL
    return {
        "round": survey_round,
        "trust": Trust.current().name,
        "url": base + reverse("surveys:take_start", kwargs={"slug": survey_round.slug}),
        "closes": timezone.localtime(survey_round.closes_at),
        "min_group_size": survey_round.min_group_size,
    }


@transaction.atomic
def round_invite(*, survey_round: Round) -> int:
    """Invite everyone in the audience (once); each email waits for quiet hours to end."""
    locked = Round.objects.select_for_update().get(pk=survey_round.pk)
    if locked.invitations_sent:
        return 0
    invitations_create(survey_round=locked)
    context = _context(locked)
    waiting = locked.invitations.filter(responded=False, user__isnull=False).select_related(
        "user", "school"
    )
    sent = len(
        notifications_send_many(
            messages=(
                ([invitation.user.email], context, invitation.school)
                for invitation in waiting.iterator(chunk_size=500)
            ),
            template="surveys/email/invitation",
        )
    )
    locked.invitations_sent = True
    locked.save(update_fields=["invitations_sent"])
    return sent


def rounds_opened_invite(now=None) -> int:
    now = now or timezone.now()
    due = Round.objects.filter(
        published=True, imported=False, invitations_sent=False, opens_at__lte=now, closes_at__gt=now
    )
    return sum(round_invite(survey_round=r) for r in due)


@transaction.atomic
def round_remind(*, survey_round: Round, now=None) -> int:
    """Remind those who have not answered, at most every `reminder_every_days`, not when quiet."""
    now = now or timezone.now()
    locked = Round.objects.select_for_update().get(pk=survey_round.pk)
    if not locked.reminder_every_days or locked.status_at(now) != Round.Status.OPEN:
        return 0
    if (
        locked.last_reminded_at
        and (now - locked.last_reminded_at).days < locked.reminder_every_days
    ):
        return 0
    if not is_send_allowed(now):
        return 0
    context = _context(locked)
    waiting = list(
        locked.invitations.filter(responded=False, user__isnull=False).select_related(
            "user", "school"
        )
    )
    # Those whose sealed answers wait for the next batch have answered: no reminder.
    answered = selectors.pending_user_ids(
        survey_round=locked, user_ids=[invitation.user_id for invitation in waiting]
    )
    waiting = [invitation for invitation in waiting if invitation.user_id not in answered]
    allowed: dict = {}

    def may_send(school) -> bool:
        key = getattr(school, "pk", None)
        if key not in allowed:
            allowed[key] = is_send_allowed(now, school)
        return allowed[key]

    reminded = [invitation for invitation in waiting if may_send(invitation.school)]
    sent = len(
        notifications_send_many(
            messages=(
                ([invitation.user.email], context, invitation.school) for invitation in reminded
            ),
            template="surveys/email/reminder",
            now=now,
        )
    )
    # Only those actually reminded: a school in its own quiet time is reminded next time.
    Invitation.objects.filter(pk__in=[i.pk for i in reminded]).update(
        reminders_sent=F("reminders_sent") + 1
    )
    locked.last_reminded_at = now
    locked.save(update_fields=["last_reminded_at"])
    return sent


def reminders_send(now=None) -> int:
    now = now or timezone.now()
    due = Round.objects.filter(
        published=True,
        imported=False,
        reminder_every_days__isnull=False,
        opens_at__lte=now,
        closes_at__gt=now,
    )
    return sum(round_remind(survey_round=r, now=now) for r in due)


def rounds_needing_results(now=None) -> list[int]:
    """Closed rounds whose stored results were built before they closed (or never)."""
    now = now or timezone.now()
    # A round closed early waits for the closing time it had, so HR can still reopen it.
    closed = Round.objects.filter(published=True, closes_at__lte=now).exclude(
        closed_early_from__gt=now
    )
    built = dict(RoundResults.objects.filter(round__in=closed).values_list("round_id", "built_at"))
    return [
        r.pk
        for r in closed.only("pk", "closes_at")
        if r.pk not in built or built[r.pk] < r.closes_at
    ]
