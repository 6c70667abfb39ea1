"""The "My meetings" page runs the same, exact number of queries however many meetings exist."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from people.models import StaffMember
from workload.models import Meeting

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def _meetings(cast, count):
    """Meetings at both schools and trust-wide, each inviting every member of the cast's staff."""
    staff = list(StaffMember.objects.all())
    schools = itertools.cycle([cast.school_a, cast.school_b, None])
    start = timezone.now() + timedelta(days=1)
    for i in range(count):
        n = next(_serial)
        meeting = Meeting.objects.create(
            school=next(schools),
            title=f"Meeting {n}",
            purpose="Planning",
            agenda="1. Plans",
            starts_at=start + timedelta(days=i),
            ends_at=start + timedelta(days=i, hours=1),
            organiser=cast.hr,
            overran_minutes=10 if i % 2 else None,
            cancelled_at=timezone.now() if i % 3 == 0 else None,
        )
        meeting.invitees.set(staff)


@pytest.mark.parametrize(("role", "expected"), [("staff_a", 5), ("head_a", 6), ("hr", 6)])
def test_my_meetings(cast, client, django_assert_num_queries, role, expected):
    _meetings(cast, 1)
    client.force_login(cast.user(role))
    url = "/workload/meetings/"
    client.get(url)  # warm the session and role caches
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    _meetings(cast, 15)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    # With a calendar address the page reads the token in the same queries.
    client.post("/workload/calendar/renew/")
    client.get(url)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
