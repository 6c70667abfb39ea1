"""Objects for the URL walk (tests/url_walk.py)."""

from datetime import datetime

from workload.models import Meeting
from workload.quiet_hours import UK


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
