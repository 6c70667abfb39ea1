import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from actions import services
from actions.models import Action, Status
from actions.selectors import action_counts

UK = ZoneInfo("Europe/London")
MONDAY_MORNING = datetime(2026, 11, 23, 10, 0, tzinfo=UK)
MONDAY_EVENING = datetime(2026, 11, 23, 19, 0, tzinfo=UK)


@pytest.mark.django_db
def test_an_owner_is_emailed_once_about_their_overdue_actions(cast, make_action):
    make_action(due_on=date(2026, 11, 1), we_will="Fix the staffroom kettle.")
    make_action(due_on=date(2026, 11, 2), we_will="Publish the meeting calendar.")
    make_action(due_on=date(2026, 12, 1), we_will="Not due yet.")
    assert services.overdue_notify(now=MONDAY_MORNING) == [MONDAY_MORNING]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.head_a.email] and "2 actions you own are overdue" in message.subject
    assert "Fix the staffroom kettle." in message.body and "Not due yet." not in message.body
    assert services.overdue_notify(now=MONDAY_MORNING) == []


@pytest.mark.django_db
def test_the_email_waits_for_the_end_of_quiet_hours(cast, make_action):
    make_action(due_on=date(2026, 11, 1))
    assert services.overdue_notify(now=MONDAY_EVENING) == [datetime(2026, 11, 24, 7, 0, tzinfo=UK)]


@pytest.mark.django_db
def test_done_and_dropped_actions_are_not_overdue(cast, make_action):
    make_action(due_on=date(2026, 11, 1), status=Status.DONE, we_did="Done.")
    make_action(due_on=date(2026, 11, 1), status=Status.NOT_DOING, status_reason="Budget.")
    assert services.overdue_notify(now=MONDAY_MORNING) == []


@pytest.mark.django_db
def test_the_owner_sees_the_flag_on_the_home_page(cast, make_action, client_for):
    make_action(due_on=date(2026, 11, 1))
    page = client_for(cast.head_a).get("/").content.decode()
    assert "1 action you own is overdue" in page


@pytest.mark.django_db
def test_action_counts_for_the_dashboards(cast, make_action):
    make_action(due_on=date(2026, 11, 1))
    make_action(due_on=date(2027, 1, 1))
    make_action(status=Status.DONE, we_did="Done.")
    make_action(school="b", due_on=date(2026, 11, 1))
    make_action(school=None, due_on=date(2027, 1, 1))
    today = date(2026, 11, 23)
    assert action_counts(school=cast.school_a, today=today) == {"open": 2, "done": 1, "overdue": 1}
    assert action_counts(today=today) == {"open": 4, "done": 1, "overdue": 2}


@pytest.mark.django_db(transaction=True)
def test_the_daily_task_runs_on_a_real_worker(cast, make_action, celery_worker):
    from actions.tasks import overdue_actions_notify

    action = make_action(due_on=date(2026, 11, 1))
    result = overdue_actions_notify.delay(now=MONDAY_MORNING.isoformat())
    assert result.get(timeout=30) == 1
    action.refresh_from_db()
    assert action.overdue_notified_on == date(2026, 11, 23)
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.2)  # the worker delivers the email as a task of its own
    assert [m.to for m in mail.outbox] == [[cast.head_a.email]]


def test_the_task_is_in_the_beat_schedule():
    from wellbeing_portal.schedule import BEAT_SCHEDULE

    assert any(
        entry["task"] == "actions.tasks.overdue_actions_notify" for entry in BEAT_SCHEDULE.values()
    )


@pytest.mark.django_db
def test_an_inactive_owner_is_not_emailed(cast, make_action):
    make_action(due_on=date(2026, 11, 1))
    cast.head_a.is_active = False
    cast.head_a.save()
    assert services.overdue_notify(now=MONDAY_MORNING) == []
    assert Action.objects.get().overdue_notified_on == date(2026, 11, 23)


@pytest.mark.django_db
def test_every_owner_is_queued_in_one_batch(cast, make_action):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_action(due_on=date(2026, 11, 1))
    make_action(school="b", due_on=date(2026, 11, 2))
    make_action(school=None, due_on=date(2026, 11, 3), we_will="Trust-wide overdue.")
    with CaptureQueriesContext(connection) as queries:
        dues = services.overdue_notify(now=MONDAY_MORNING)
    assert dues == [MONDAY_MORNING] * 3
    inserts = [
        q for q in queries if q["sql"].startswith('INSERT INTO "workload_notificationrecord"')
    ]
    assert len(inserts) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast.head_a.email, cast.head_b.email, cast.hr.email]
    )
    assert "Trust-wide overdue." in next(m.body for m in mail.outbox if m.to == [cast.hr.email])
    assert not Action.objects.filter(overdue_notified_on__isnull=True).exists()
