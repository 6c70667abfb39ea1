"""The outbox: deferred mail waits in the database for its time, with or without a broker."""

import time
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from notifications.mail import notification_send
from notifications.models import NotificationRecord
from notifications.outbox import outbox_sweep, outbox_timer_start
from school_calendar.quiet_hours import UK
from tests.workload.walk import meeting_a
from wellbeing_portal.celery import app

TUESDAY_EVENING = datetime(2026, 11, 10, 18, 30, tzinfo=UK)
WEDNESDAY_7AM = datetime(2026, 11, 11, 7, 0, tzinfo=UK)


def _send(cast, **extra):
    return notification_send(
        to=["staff.a@example.org"],
        template="workload/email/meeting_invitation",
        context={"meeting": meeting_a(cast), "meetings_url": "/workload/meetings/"},
        school=cast.school_a,
        **extra,
    )


def test_with_no_broker_mail_due_tomorrow_morning_waits_for_the_sweep_at_its_time(terms, cast):
    """The embedded default (tasks run eagerly) no longer sends deferred mail at once."""
    assert app.conf.task_always_eager
    with time_machine.travel(TUESDAY_EVENING, tick=False):
        assert _send(cast) == WEDNESDAY_7AM
        assert outbox_sweep()["emails_sent"] == 0
    assert mail.outbox == []
    with time_machine.travel(WEDNESDAY_7AM - timedelta(minutes=1), tick=False):
        assert outbox_sweep()["emails_sent"] == 0
    assert mail.outbox == []
    with time_machine.travel(WEDNESDAY_7AM, tick=False):
        assert outbox_sweep()["emails_sent"] == 1
    assert len(mail.outbox) == 1
    assert NotificationRecord.objects.get().sent_at == WEDNESDAY_7AM
    with time_machine.travel(WEDNESDAY_7AM + timedelta(minutes=5), tick=False):
        assert outbox_sweep()["emails_sent"] == 0  # once only


@pytest.mark.django_db(transaction=True)
def test_the_timer_in_the_web_process_sends_mail_once_due(terms, cast):
    """What `make run` starts when there is no broker: the sweep on a timer thread."""
    _send(cast, now=TUESDAY_EVENING)
    assert mail.outbox == []
    # Its due time has come (a minute ago, whatever today's date is).
    NotificationRecord.objects.update(due_at=timezone.now() - timedelta(minutes=1))
    stop = outbox_timer_start(interval=0.1)
    try:
        for _ in range(100):
            if mail.outbox:
                break
            time.sleep(0.1)
    finally:
        stop.set()
    assert len(mail.outbox) == 1
    assert NotificationRecord.objects.get().sent_at is not None


@pytest.fixture
def broker_down():
    """The broker on a port nobody listens on (results still go to the real Redis)."""
    previous = app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app._pool, app.amqp._producer_pool = None, None
    yield
    app.conf.broker_url = previous
    app._pool, app.amqp._producer_pool = None, None
    app.conf.task_always_eager = True


def test_with_the_broker_down_urgent_mail_goes_at_once_and_other_mail_waits(
    broker_down, terms, cast
):
    in_hours = datetime(2026, 11, 10, 10, 0, tzinfo=UK)
    started = time.monotonic()
    _send(cast, now=in_hours, urgent=True)
    _send(cast, now=in_hours)
    assert time.monotonic() - started < 5  # no waiting on the broker
    assert len(mail.outbox) == 1  # the urgent one, sent from this process
    unsent = NotificationRecord.objects.get(sent_at__isnull=True)
    assert not unsent.urgent and unsent.due_at == in_hours  # the sweep sends it
