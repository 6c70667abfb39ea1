from datetime import datetime, time
from decimal import Decimal

import pytest
from django.urls import reverse

from school_calendar.quiet_hours import UK
from workload.models import DirectedEvent, Meeting, WorkloadRules
from workload.selectors import directed_time
from workload.services import MeetingRefused, meeting_save

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UK)  # a Monday in term


def uk(*args):
    return datetime(*args, tzinfo=UK)


def save(cast, start, end, **extra):
    values = dict(
        organiser=cast.head_a,
        school=cast.school_a,
        title="Phase meeting",
        purpose="Plan the fortnight",
        agenda="1. Reading scheme",
        location="Room 4",
        starts_at=start,
        ends_at=end,
        invitees=[cast.staff_a.staff_member],
        now=NOW,
    )
    values.update(extra)
    return meeting_save(**values)


def reasons(error):
    return [b.rule for b in error.value.breaches]


def test_a_valid_meeting_is_saved_and_invitations_queued(terms, cast, mailoutbox):
    meeting, warnings = save(cast, uk(2026, 11, 10, 15, 45), uk(2026, 11, 10, 16, 45))
    assert warnings == []
    assert list(meeting.invitees.all()) == [cast.staff_a.staff_member]
    assert meeting.overridden_rules == [] and meeting.override_reason == ""


@pytest.mark.parametrize(
    "start, end, extra, rule",
    [
        (uk(2026, 11, 10, 16, 30), uk(2026, 11, 10, 17, 15), {}, "latest_finish"),
        (uk(2026, 10, 28, 15, 45), uk(2026, 10, 28, 16, 30), {}, "holiday"),  # half-term
        (uk(2026, 12, 28, 10, 0), uk(2026, 12, 28, 11, 0), {}, "holiday"),  # bank holiday
        (uk(2026, 11, 14, 10, 0), uk(2026, 11, 14, 11, 0), {}, "holiday"),  # Saturday
        (uk(2026, 11, 10, 15, 45), uk(2026, 11, 10, 16, 30), {"agenda": "  "}, "agenda"),
        (uk(2026, 11, 10, 15, 45), uk(2026, 11, 10, 15, 45), {}, "times"),
    ],
)
def test_breaches_are_refused_with_the_reason(terms, cast, start, end, extra, rule):
    with pytest.raises(MeetingRefused) as error:
        save(cast, start, end, override_reason="We really must", **extra)
    assert rule in reasons(error)
    assert not Meeting.objects.exists()


def test_long_or_short_notice_meetings_need_a_recorded_reason(terms, cast):
    with pytest.raises(MeetingRefused) as error:
        save(cast, uk(2026, 11, 3, 15, 0), uk(2026, 11, 3, 16, 30))
    assert sorted(reasons(error)) == ["max_length", "min_notice"]
    meeting, _ = save(
        cast, uk(2026, 11, 3, 15, 0), uk(2026, 11, 3, 16, 30), override_reason="Ofsted feedback"
    )
    assert meeting.overridden_rules == ["max_length", "min_notice"]
    assert meeting.override_reason == "Ofsted feedback"


def test_the_schools_own_rules_apply(terms, cast):
    WorkloadRules.objects.create(school=cast.school_a, latest_meeting_finish=time(16, 30))
    with pytest.raises(MeetingRefused, match="finish by 16:30"):
        save(cast, uk(2026, 11, 10, 15, 45), uk(2026, 11, 10, 16, 45))
    save(
        cast,
        uk(2026, 11, 10, 15, 45),
        uk(2026, 11, 10, 16, 45),
        school=cast.school_b,
        invitees=[cast.staff_b.staff_member],
    )


def test_directed_time_budget_and_warning(terms, cast):
    teacher = cast.staff_a.staff_member
    teacher.fte = Decimal("0.001")  # a budget of about 1.3 hours
    teacher.save()
    DirectedEvent.objects.create(
        kind="inset", title="INSET", day=uk(2026, 9, 1).date(), hours=Decimal("1")
    )
    [row] = directed_time(staff=[teacher], academic_year="2026-27")
    assert row.budget == Decimal("1.3") and row.event_hours == Decimal("1")
    _, warnings = save(cast, uk(2026, 11, 10, 15, 45), uk(2026, 11, 10, 16, 45))
    assert len(warnings) == 1 and "0.7 hours past their directed-time budget" in warnings[0]
    [row] = directed_time(staff=[teacher], academic_year="2026-27")
    assert row.planned == Decimal("2.00") and row.over_budget


def test_directed_time_reads_in_constant_queries(terms, cast, django_assert_num_queries):
    from people.models import StaffMember

    save(cast, uk(2026, 11, 10, 15, 45), uk(2026, 11, 10, 16, 45))
    few = list(StaffMember.objects.filter(pk=cast.staff_a.staff_member.pk))
    many = list(StaffMember.objects.all())
    with django_assert_num_queries(2):
        directed_time(staff=few, academic_year="2026-27")
    with django_assert_num_queries(2):
        directed_time(staff=many, academic_year="2026-27")


def test_head_schedules_through_the_form_and_sees_refusals(terms, cast, client_for, settings):
    client = client_for(cast.head_a)
    form = {
        "school": cast.school_a.pk,
        "title": "Reading",
        "purpose": "Plan",
        "agenda": "",
        "day": "2026-12-01",
        "start": "15:45",
        "finish": "17:30",
        "groups": ["teaching"],
    }
    response = client.post(reverse("workload:meeting_new"), form)
    assert response.status_code == 200
    assert "A meeting needs an agenda." in response.content.decode()
    assert "Meetings must finish by 17:00; this one ends at 17:30." in response.content.decode()
    form.update(agenda="1. Phonics", finish="16:30")
    response = client.post(reverse("workload:meeting_new"), form)
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert set(meeting.invitees.all()) == {
        cast.staff_a.staff_member,
        cast.head_a.staff_member,
        cast.first_aider_a.staff_member,
    }
    assert meeting.invited_groups == "All teaching staff at Alder Primary School"


def test_another_schools_staff_cannot_be_invited(terms, cast, client_for):
    response = client_for(cast.hr).post(
        reverse("workload:meeting_new"),
        {
            "school": cast.school_a.pk,
            "title": "T",
            "purpose": "P",
            "agenda": "A",
            "day": "2026-12-01",
            "start": "15:45",
            "finish": "16:30",
            "people": [cast.staff_b.staff_member.pk],
        },
    )
    assert "Invite only people of the meeting&#x27;s school." in response.content.decode()
    assert not Meeting.objects.exists()


def test_head_records_an_overrun_and_others_cannot(terms, cast, client_for):
    meeting = Meeting.objects.create(
        school=cast.school_a,
        title="Briefing",
        purpose="P",
        agenda="A",
        organiser=cast.head_a,
        starts_at=uk(2026, 11, 17, 15, 45),
        ends_at=uk(2026, 11, 17, 16, 30),
    )
    meeting.invitees.add(cast.staff_a.staff_member)
    url = reverse("workload:meeting_detail", args=[meeting.pk])
    assert client_for(cast.staff_a).post(url, {"minutes": 20}).status_code == 403
    assert client_for(cast.head_b).post(url, {"minutes": 20}).status_code == 404
    assert client_for(cast.head_a).post(url, {"minutes": 20}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.overran_minutes == 20 and meeting.directed_minutes == 65
