"""Changing and cancelling meetings: the same rule checks, invitees told, directed time and the
calendar feed follow."""

from datetime import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from notifications.models import NotificationRecord
from school_calendar.quiet_hours import UK
from tests.held_mail import held_mail_send
from workload.models import CalendarToken, Meeting
from workload.selectors import directed_time, workload_indicators
from workload.services import MeetingCancelRefused, MeetingRefused, meeting_cancel, meeting_save

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UK)  # a Monday in term


def uk(*args):
    return datetime(*args, tzinfo=UK)


def _values(cast, **extra):
    values = dict(
        organiser=cast.head_a,
        school=cast.school_a,
        title="Phase meeting",
        purpose="Plan the fortnight",
        agenda="1. Reading scheme",
        location="Room 4",
        starts_at=uk(2026, 11, 10, 15, 45),
        ends_at=uk(2026, 11, 10, 16, 30),
        invitees=[cast.staff_a.staff_member],
        now=NOW,
    )
    values.update(extra)
    return values


def _templates():
    return sorted(NotificationRecord.objects.values_list("template", "recipients"))


def test_a_change_tells_invitees_and_raises_the_sequence(terms, cast, mailoutbox):
    meeting, _ = meeting_save(**_values(cast))
    NotificationRecord.objects.all().delete()
    mailoutbox.clear()
    meeting, _ = meeting_save(
        **_values(
            cast,
            meeting=meeting,
            location="Library",
            invitees=[cast.staff_a.staff_member, cast.head_a.staff_member],
        )
    )
    assert meeting.sequence == 1 and meeting.location == "Library"
    held_mail_send()
    assert _templates() == [
        ("workload/email/meeting_changed", 1),
        ("workload/email/meeting_invitation", 1),
    ]
    by_subject = {m.subject.split(":")[0]: m.to for m in mailoutbox}
    assert by_subject["Meeting changed"] == [cast.staff_a.email]
    assert by_subject["Meeting"] == [cast.head_a.email]
    assert "location" in next(m.body for m in mailoutbox if m.to == [cast.staff_a.email])


def test_removed_invitees_are_told_and_an_unchanged_save_sends_nothing(terms, cast, mailoutbox):
    both = [cast.staff_a.staff_member, cast.head_a.staff_member]
    meeting, _ = meeting_save(**_values(cast, invitees=both))
    NotificationRecord.objects.all().delete()
    meeting, _ = meeting_save(**_values(cast, meeting=meeting, invitees=both))
    assert meeting.sequence == 0 and not NotificationRecord.objects.exists()
    meeting_save(**_values(cast, meeting=meeting, invitees=[cast.staff_a.staff_member]))
    assert _templates() == [("workload/email/meeting_cancelled", 1)]
    held_mail_send()
    assert "no longer invited" in mailoutbox[-1].body and mailoutbox[-1].to == [cast.head_a.email]


def test_a_change_is_checked_like_a_new_meeting_and_keeps_the_recorded_reason(terms, cast):
    meeting, _ = meeting_save(**_values(cast))
    longer = dict(starts_at=uk(2026, 11, 10, 15, 0), ends_at=uk(2026, 11, 10, 16, 30))
    with pytest.raises(MeetingRefused) as error:
        meeting_save(**_values(cast, meeting=meeting, **longer))
    assert [b.rule for b in error.value.breaches] == ["max_length"]
    with pytest.raises(MeetingRefused) as error:
        meeting_save(**_values(cast, meeting=meeting, ends_at=uk(2026, 11, 10, 17, 15)))
    assert "latest_finish" in [b.rule for b in error.value.breaches]
    meeting.refresh_from_db()
    assert meeting.ends_at == uk(2026, 11, 10, 16, 30)  # nothing saved
    meeting, _ = meeting_save(
        **_values(cast, meeting=meeting, override_reason="Moderation", **longer)
    )
    assert meeting.overridden_rules == ["max_length"] and meeting.override_reason == "Moderation"


def test_cancelling_tells_everyone_and_stops_counting(terms, cast, mailoutbox):
    meeting, _ = meeting_save(**_values(cast))
    [row] = directed_time(staff=[cast.staff_a.staff_member], academic_year="2026-27")
    assert row.meeting_hours > 0
    assert workload_indicators(term_key="2026-27-autumn", school=cast.school_a)["meetings"] == 1
    held_mail_send()  # the invitation, if quiet hours held it
    mailoutbox.clear()
    meeting = meeting_cancel(meeting=meeting, cancelled_by=cast.hr, reason="Snow day", now=NOW)
    assert meeting.is_cancelled and meeting.sequence == 1 and meeting.directed_minutes == 0
    [row] = directed_time(staff=[cast.staff_a.staff_member], academic_year="2026-27")
    assert row.meeting_hours == 0
    assert workload_indicators(term_key="2026-27-autumn", school=cast.school_a)["meetings"] == 0
    held_mail_send()
    [mail] = mailoutbox
    assert mail.subject.startswith("Cancelled:") and "Snow day" in mail.body
    with pytest.raises(MeetingCancelRefused, match="already cancelled"):
        meeting_cancel(meeting=meeting, cancelled_by=cast.hr, now=NOW)
    with pytest.raises(MeetingRefused, match="cancelled meeting cannot be changed"):
        meeting_save(**_values(cast, meeting=meeting))


def test_a_started_meeting_cannot_be_cancelled(terms, cast):
    meeting, _ = meeting_save(**_values(cast))
    with pytest.raises(MeetingCancelRefused, match="already started"):
        meeting_cancel(meeting=meeting, cancelled_by=cast.hr, now=uk(2026, 11, 10, 16, 0))
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_the_feed_keeps_the_uid_and_marks_the_meeting_cancelled(terms, cast, client_for, client):
    meeting, _ = meeting_save(**_values(cast))
    renewed = client_for(cast.staff_a).post(reverse("workload:calendar_token_renew"))
    url = renewed.context["feed_url"]
    assert CalendarToken.objects.count() == 1
    client.logout()
    [before] = Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert str(before["status"]) == "CONFIRMED" and int(before["sequence"]) == 0
    meeting_cancel(meeting=meeting, cancelled_by=cast.head_a, now=NOW)
    [after] = Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert str(after["uid"]) == str(before["uid"])
    assert str(after["status"]) == "CANCELLED" and int(after["sequence"]) == 1


def _future_meeting(cast):
    meeting = Meeting.objects.create(
        school=cast.school_a,
        title="Phase meeting",
        purpose="Plan",
        agenda="1. Phonics",
        organiser=cast.head_a,
        starts_at=uk(2026, 12, 8, 15, 45),
        ends_at=uk(2026, 12, 8, 16, 30),
    )
    meeting.invitees.add(cast.staff_a.staff_member)
    return meeting


def _form(meeting, cast, **extra):
    form = {
        "school": cast.school_a.pk,
        "title": meeting.title,
        "purpose": meeting.purpose,
        "agenda": meeting.agenda,
        "location": "",
        "day": "2026-12-08",
        "start": "15:45",
        "finish": "16:30",
        "people": [cast.staff_a.staff_member.pk],
    }
    form.update(extra)
    return form


def test_only_the_schools_head_and_hr_may_change_or_cancel(terms, cast, client_for):
    meeting = _future_meeting(cast)
    edit = reverse("workload:meeting_edit", args=[meeting.pk])
    cancel = reverse("workload:meeting_cancel", args=[meeting.pk])
    assert client_for(cast.staff_a).post(edit, _form(meeting, cast)).status_code == 403
    assert client_for(cast.staff_a).post(cancel).status_code == 403
    assert client_for(cast.head_b).post(edit, _form(meeting, cast)).status_code == 404
    assert client_for(cast.head_b).post(cancel).status_code == 404
    response = client_for(cast.head_a).get(edit)
    assert response.status_code == 200 and 'value="2026-12-08"' in response.content.decode()
    response = client_for(cast.head_a).post(edit, _form(meeting, cast, finish="17:30"))
    assert "Meetings must finish by 17:00" in response.content.decode()
    response = client_for(cast.head_a).post(edit, _form(meeting, cast, start="16:00"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == uk(2026, 12, 8, 16, 0) and meeting.sequence == 1
    assert client_for(cast.hr).post(cancel, {"reason": "Moved online"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.cancelled_by == cast.hr
    detail = client_for(cast.staff_a).get(reverse("workload:meeting_detail", args=[meeting.pk]))
    assert "Moved online" in detail.content.decode()
    # a cancelled meeting can no longer be changed through the page
    response = client_for(cast.head_a).post(edit, _form(meeting, cast))
    assert response.status_code == 302 and Meeting.objects.get().starts_at.hour == 16
