"""A meeting that lands on an invitee's other meeting is refused until a reason is recorded."""

from django.urls import reverse

from tests.workload.test_meetings import NOW, save, uk
from workload.models import Meeting
from workload.services import MeetingRefused, meeting_cancel


def test_a_clash_names_who_is_busy_and_needs_a_recorded_reason(terms, cast):
    first, _ = save(cast, uk(2026, 11, 10, 15, 30), uk(2026, 11, 10, 16, 30), title="Phonics")
    try:
        save(cast, uk(2026, 11, 10, 16, 0), uk(2026, 11, 10, 16, 45), title="Reading")
    except MeetingRefused as refused:
        [breach] = refused.breaches
    else:
        raise AssertionError("the clash was not noticed")
    name = cast.staff_a.get_full_name()
    assert breach.rule == "clash" and breach.overridable
    assert breach.message == (
        f"1 invitee already has a meeting at that time: {name} (“Phonics”, 15:30–16:30)."
    )
    second, _ = save(
        cast,
        uk(2026, 11, 10, 16, 0),
        uk(2026, 11, 10, 16, 45),
        title="Reading",
        override_reason="Only day the adviser can come",
    )
    assert second.overridden_rules == ["clash"]
    assert second.override_reason == "Only day the adviser can come"
    # back to back is no clash; nor is a meeting's own time when it is edited
    save(cast, uk(2026, 11, 10, 16, 45), uk(2026, 11, 10, 17, 0), title="After")
    save(
        cast,
        uk(2026, 11, 10, 15, 30),
        uk(2026, 11, 10, 15, 55),
        title="Phonics",
        meeting=first,
        override_reason="",
    )


def test_a_cancelled_meeting_is_no_clash(terms, cast):
    first, _ = save(cast, uk(2026, 11, 10, 15, 30), uk(2026, 11, 10, 16, 30))
    meeting_cancel(meeting=first, cancelled_by=cast.head_a, now=NOW)
    save(cast, uk(2026, 11, 10, 15, 30), uk(2026, 11, 10, 16, 30))


def test_the_form_shows_the_clash_and_accepts_a_reason(terms, cast, client_for):
    save(cast, uk(2026, 12, 1, 15, 30), uk(2026, 12, 1, 16, 30), title="Phonics")
    client = client_for(cast.head_a)
    form = {
        "school": cast.school_a.pk,
        "title": "Reading",
        "purpose": "Plan",
        "agenda": "1. Books",
        "day": "2026-12-01",
        "start": "15:45",
        "finish": "16:30",
        "groups": ["teaching"],
    }
    page = client.post(reverse("workload:meeting_new"), form).content.decode()
    assert "1 invitee already has a meeting at that time" in page
    assert "(allowed with a recorded reason)" in page
    assert Meeting.objects.count() == 1
    form["override_reason"] = "Inspection follow-up"
    response = client.post(reverse("workload:meeting_new"), form)
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Reading")
    assert meeting.override_reason == "Inspection follow-up"
    detail = client.get(reverse("workload:meeting_detail", args=[meeting.pk])).content.decode()
    assert "at the same time as another meeting of some invitees" in detail


def test_a_head_of_one_school_finds_it_chosen_and_hr_chooses(terms, cast, client_for):
    page = client_for(cast.head_a).get(reverse("workload:meeting_new")).content.decode()
    assert f'<option value="{cast.school_a.pk}" selected>' in page
    assert "---------" not in page
    page = client_for(cast.hr).get(reverse("workload:meeting_new")).content.decode()
    assert '<option value="" selected>---------</option>' in page
