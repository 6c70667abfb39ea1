"""notifications_send_many: a batch queues exactly what notification_send would, cheaply."""

from datetime import datetime
from unittest import mock

from notifications import tasks
from notifications.mail import notification_send, notifications_send_many
from notifications.models import NotificationRecord
from school_calendar.quiet_hours import UK
from tests.workload.conftest import TERMS_2026_27, make_terms
from workload.models import WorkloadRules

TEMPLATE = "charters/email/published"
FRIDAY_EVENING = datetime(2026, 10, 23, 18, 30, tzinfo=UK)  # before half-term


def _context(name):
    return {"charter": "Wellbeing charter", "number": 1, "url": "/c/", "name": name}


def _batch(cast, n):
    messages = []
    for i in range(n):
        school = cast.school_a if i % 2 else cast.school_b
        messages.append(([f"person{i}@example.org"], _context(f"Person {i}"), school))
    return messages


def test_a_batch_matches_one_by_one_sending(terms, cast):
    # School B keeps its own (later) quiet hours: its mail is due at a different time.
    from datetime import time

    WorkloadRules.objects.create(school=cast.school_b, quiet_until=time(8, 0))
    with mock.patch.object(tasks.notification_deliver, "apply_async"):
        single = [
            notification_send(
                to=to, template=TEMPLATE, context=context, school=school, now=FRIDAY_EVENING
            )
            for to, context, school in _batch(cast, 4)
        ]
        expected = list(
            NotificationRecord.objects.order_by("pk").values_list(
                "school_id", "due_at", "to", "subject", "text_body", "out_of_hours"
            )
        )
        NotificationRecord.objects.all().delete()
        dues = notifications_send_many(
            messages=_batch(cast, 4), template=TEMPLATE, now=FRIDAY_EVENING
        )
    assert dues == single
    assert len(set(dues)) == 2  # two schools, two due times
    got = list(
        NotificationRecord.objects.order_by("pk").values_list(
            "school_id", "due_at", "to", "subject", "text_body", "out_of_hours"
        )
    )
    assert got == expected
    assert "Person 3" in got[3][4]  # each person's own context is rendered


def test_a_batch_costs_the_same_queries_at_any_size(cast, django_assert_max_num_queries):
    make_terms(TERMS_2026_27)
    with mock.patch.object(tasks.notification_deliver, "apply_async"):
        with django_assert_max_num_queries(12) as few:
            notifications_send_many(messages=_batch(cast, 4), template=TEMPLATE, now=FRIDAY_EVENING)
        small = len(few.captured_queries)
        with django_assert_max_num_queries(12) as many:
            notifications_send_many(
                messages=_batch(cast, 200), template=TEMPLATE, now=FRIDAY_EVENING
            )
    assert len(many.captured_queries) == small
    assert NotificationRecord.objects.count() == 204


def test_a_shared_context_is_rendered_once(cast):
    from notifications import mail

    context = _context("everyone")
    with mock.patch.object(mail, "render_email", wraps=mail.render_email) as render:
        notifications_send_many(
            messages=[([f"p{i}@example.org"], context, None) for i in range(5)],
            template=TEMPLATE,
            now=FRIDAY_EVENING,
        )
    assert render.call_count == 1
