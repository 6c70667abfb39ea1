from datetime import date, datetime

from django.utils import timezone

from notifications.models import NotificationRecord
from school_calendar.quiet_hours import UK
from tests.workload.walk import meeting_a
from workload.models import DataDrop, WorkloadRules
from workload.selectors import workload_indicators
from workload.services import DataDropRefused, data_drop_add


def test_indicators_count_the_terms_meetings_drops_and_out_of_hours_mail(terms, cast):
    meeting = meeting_a(cast)
    meeting.overran_minutes = 10
    meeting.override_reason = "Inspection feedback"
    meeting.save()
    for i in range(2):
        DataDrop.objects.create(
            school=cast.school_a, academic_year="2026-27", title=f"D{i}", due_on=date(2026, 12, 1)
        )
    NotificationRecord.objects.create(
        template="t",
        recipients=1,
        school=cast.school_a,
        urgent=True,
        out_of_hours=True,
        queued_at=datetime(2026, 11, 21, 22, 0, tzinfo=UK),
        due_at=datetime(2026, 11, 21, 22, 0, tzinfo=UK),
    )
    figures = workload_indicators(term_key="2026-27-autumn", school=cast.school_a)
    assert figures == {
        "meetings": 1,
        "meetings_overran": 1,
        "meeting_overrides": 1,
        "data_drops_this_year": 2,
        "data_drop_limit": 3,
        "out_of_hours_notifications": 1,
    }
    assert workload_indicators(term_key="2026-27-autumn", school=cast.school_b)["meetings"] == 0
    trust = workload_indicators(term_key="2026-27-autumn")
    assert trust["meetings"] == 1 and trust["data_drop_limit"] == 6
    assert workload_indicators(term_key="2025-26-autumn", school=cast.school_a)["meetings"] == 0


def test_a_data_drop_beyond_the_maximum_needs_a_reason(terms, cast):
    WorkloadRules.objects.create(school=cast.school_a, max_data_drops=1)
    data_drop_add(
        school=cast.school_a,
        title="Autumn",
        due_on=date(2026, 12, 1),
        description="",
        override_reason="",
        created_by=cast.head_a,
    )
    try:
        data_drop_add(
            school=cast.school_a,
            title="Extra",
            due_on=date(2027, 1, 20),
            description="",
            override_reason="",
            created_by=cast.head_a,
        )
    except DataDropRefused as refused:
        assert "the yearly maximum is 1" in str(refused)
    else:
        raise AssertionError("should be refused")
    extra = data_drop_add(
        school=cast.school_a,
        title="Extra",
        due_on=date(2027, 1, 20),
        description="",
        override_reason="Exam board deadline",
        created_by=cast.head_a,
    )
    assert extra.override_reason == "Exam board deadline" and extra.academic_year == "2026-27"


def test_charter_measures_are_registered(terms, cast):
    from charters.measures import _REGISTRY

    for key in ("meetings_overran_this_term", "out_of_hours_notifications", "data_drops_this_year"):
        assert key in _REGISTRY
    meeting_a(cast).__class__.objects.update(overran_minutes=15)
    result = _REGISTRY["meetings_overran_this_term"].compute(
        school=cast.school_a, today=date(2026, 11, 23)
    )
    assert result.value == "1 of 1" and result.status == "off_track"
    result = _REGISTRY["data_drops_this_year"].compute(school=None, today=timezone.localdate())
    assert result.status == "on_track"
    result = _REGISTRY["out_of_hours_notifications"].compute(
        school=cast.school_a, today=date(2026, 8, 10)
    )
    assert (
        result.value == "0" and result.status == "on_track"
    )  # in the holiday: the summer term just ended
