from datetime import datetime
from unittest import mock

import pytest
from django.core import mail

from notifications.mail import notification_deliver_now, notification_send
from notifications.models import NotificationRecord
from school_calendar.quiet_hours import UK
from tests.workload.walk import meeting_a


def uk(*args):
    return datetime(*args, tzinfo=UK)


def send(cast, now, **extra):
    return notification_send(
        to=["staff.a@example.org"],
        template="workload/email/meeting_invitation",
        context={"meeting": meeting_a(cast), "meetings_url": "/workload/meetings/"},
        school=cast.school_a,
        now=now,
        **extra,
    )


def test_friday_evening_before_half_term_is_queued_for_the_first_working_day(terms, cast):
    from notifications import tasks

    with mock.patch.object(tasks.notification_deliver, "apply_async") as queued:
        due = send(cast, uk(2026, 10, 23, 18, 30))
    assert due == uk(2026, 11, 2, 7, 0)
    # The wait lives in the database (the outbox sweep sends it), never as a broker ETA.
    queued.assert_not_called()
    record = NotificationRecord.objects.get()
    assert record.sent_at is None and not record.out_of_hours and record.recipients == 1
    assert mail.outbox == []


def test_in_working_hours_it_goes_at_once_and_clears_the_content(terms, cast):
    send(cast, uk(2026, 11, 10, 10, 0))
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Meeting: Phase meeting")
    record = NotificationRecord.objects.get()
    assert record.sent_at is not None and record.to == [] and record.text_body == ""


def test_urgent_mail_is_never_delayed_and_is_counted_as_out_of_hours(terms, cast):
    due = send(cast, uk(2026, 10, 24, 22, 0), urgent=True)
    assert due == uk(2026, 10, 24, 22, 0)
    assert len(mail.outbox) == 1
    assert NotificationRecord.objects.get().out_of_hours


def test_a_redelivered_message_is_not_sent_twice(terms, cast):
    send(cast, uk(2026, 11, 10, 10, 0))
    record = NotificationRecord.objects.get()
    assert notification_deliver_now(record_id=record.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_mail_due_now_goes_through_a_real_worker_once(celery_worker, terms, cast):
    """A real worker on Redis sends it; a redelivery and the outbox sweep send nothing more."""
    import time

    from notifications.tasks import notification_deliver, outbox_sweep_task

    send(cast, uk(2026, 11, 10, 10, 0))
    record = NotificationRecord.objects.get()
    for _ in range(100):
        record.refresh_from_db()
        if record.sent_at is not None:
            break
        time.sleep(0.2)
    assert record.sent_at is not None
    assert notification_deliver.delay(record.pk).get(timeout=20) is False
    assert outbox_sweep_task.delay().get(timeout=20)["emails_sent"] == 0
    assert len(mail.outbox) == 1
