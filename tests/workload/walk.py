"""Objects for the URL walk (tests/url_walk.py)."""

from datetime import datetime

from school_calendar.quiet_hours import UK
from workload.models import Meeting


def meeting_a(cast):
    meeting = Meeting.objects.create(
        school=cast.school_a,
        title="Phase meeting",
        purpose="Plan the fortnight",
        agenda="1. Planning",
        starts_at=datetime(2026, 11, 24, 15, 45, tzinfo=UK),
        ends_at=datetime(2026, 11, 24, 16, 30, tzinfo=UK),
        organiser=cast.head_a,
    )
    meeting.invitees.add(cast.staff_a.staff_member)
    return meeting


def future_meeting_a(cast):
    """A meeting at school A a fortnight from now, so it may still be changed or cancelled."""
    from datetime import time, timedelta

    from django.utils import timezone

    day = timezone.now().astimezone(UK).date() + timedelta(days=14)
    meeting = Meeting.objects.create(
        school=cast.school_a,
        title="Planning meeting",
        purpose="Plan the next unit",
        agenda="1. Planning",
        starts_at=datetime.combine(day, time(15, 45), tzinfo=UK),
        ends_at=datetime.combine(day, time(16, 30), tzinfo=UK),
        organiser=cast.head_a,
    )
    meeting.invitees.add(cast.staff_a.staff_member)
    return meeting


def term(cast):
    from datetime import date

    from school_calendar.models import Term

    existing = Term.objects.filter(school__isnull=True).order_by("-first_day").first()
    if existing is not None:  # the demo trust (accessibility crawl) has its own terms
        return existing
    return Term.objects.create(
        academic_year="2026-27",
        term="autumn",
        first_day=date(2026, 9, 1),
        last_day=date(2026, 12, 18),
        half_term_first_day=date(2026, 10, 26),
        half_term_last_day=date(2026, 10, 30),
    )
