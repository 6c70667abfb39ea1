"""Invitations when a round opens; reminders to those who have not answered, not in quiet hours."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from surveys import notify, publishing, responding, tasks
from surveys.models import Invitation, Round
from tests.surveys.helpers import make_round

UK = ZoneInfo("Europe/London")


@pytest.mark.django_db
def test_reminders_go_only_to_those_who_have_not_answered_and_not_in_quiet_hours(cast, monkeypatch):
    survey_round = make_round(instruments=("ons4",), custom=False)
    Round.objects.filter(pk=survey_round.pk).update(reminder_every_days=3)
    survey_round.refresh_from_db()
    publishing.invitations_create(survey_round=survey_round)
    responding.response_submit(
        survey_round=survey_round, user=cast.staff_a, answers={"ons4_happiness": "8"}
    )
    quiet = datetime(2026, 11, 24, 19, 30, tzinfo=UK)  # a Tuesday evening
    assert notify.round_remind(survey_round=survey_round, now=quiet) == 0
    weekday = datetime(2026, 11, 24, 10, 0, tzinfo=UK)
    monkeypatch.setattr(Round, "status_at", lambda self, now=None: Round.Status.OPEN)
    mail.outbox.clear()
    sent = notify.round_remind(survey_round=survey_round, now=weekday)
    # staff.a's answers wait, sealed, for a batch: not marked yet, but not reminded either.
    waiting = Invitation.objects.filter(round=survey_round, responded=False).count() - 1
    assert sent == waiting and sent > 0
    assert "staff.a@example.org" not in {
        address for message in mail.outbox for address in message.to
    }
    # At most every three days.
    assert notify.round_remind(survey_round=survey_round, now=weekday + timedelta(days=2)) == 0
    assert (
        notify.round_remind(survey_round=survey_round, now=weekday + timedelta(days=3)) == waiting
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_invites_the_audience_once(cast, celery_worker):
    survey_round = make_round(instruments=("ons4",), custom=False)
    result = tasks.round_invite.delay(survey_round.pk)
    invited = result.get(timeout=30)
    assert (
        invited == Invitation.objects.filter(round=survey_round).count() == 8
    )  # the cast's staff records
    assert tasks.round_invite.delay(survey_round.pk).get(timeout=30) == 0
    survey_round.refresh_from_db()
    assert survey_round.invitations_sent


@pytest.mark.django_db
def test_the_tick_builds_results_once_a_round_has_closed(cast):
    survey_round = make_round(instruments=("ons4",), custom=False)
    Round.objects.filter(pk=survey_round.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert notify.rounds_needing_results() == [survey_round.pk]
    tasks.rounds_tick()
    assert notify.rounds_needing_results() == []
    assert Round.objects.get(pk=survey_round.pk).results.data["provisional"] is False


@pytest.mark.django_db
def test_reminders_are_queued_in_one_batch_and_counted_for_those_reminded(cast, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from people.models import User

    survey_round = make_round(slug="batched", custom=False)
    Round.objects.filter(pk=survey_round.pk).update(reminder_every_days=3)
    users = User.objects.bulk_create(
        User(email=f"reminded{i}@example.org", is_active=True) for i in range(30)
    )
    Invitation.objects.bulk_create(
        Invitation(round=survey_round, user=user, school=cast.school_a, role_group="teaching")
        for user in users
    )
    monkeypatch.setattr(Round, "status_at", lambda self, now=None: Round.Status.OPEN)
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as queries:
        sent = notify.round_remind(
            survey_round=survey_round, now=datetime(2026, 11, 24, 10, 0, tzinfo=UK)
        )
    assert sent == 30 and len(mail.outbox) == 30
    inserts = [
        q for q in queries if q["sql"].startswith('INSERT INTO "workload_notificationrecord"')
    ]
    assert len(inserts) == 1
    assert set(
        Invitation.objects.filter(round=survey_round).values_list("reminders_sent", flat=True)
    ) == {1}
