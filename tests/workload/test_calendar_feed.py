from datetime import datetime

from django.urls import reverse
from icalendar import Calendar

from tests.workload.walk import meeting_a
from workload.models import CalendarToken


def test_feed_lists_the_persons_meetings_and_parses(terms, cast, client_for, client):
    meeting = meeting_a(cast)
    client_for(cast.staff_a).post(reverse("workload:calendar_token_renew"))
    token = CalendarToken.objects.get(user=cast.staff_a).token
    client.logout()
    response = client.get(reverse("workload:calendar_feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Phase meeting"
    assert event.decoded("dtstart") == meeting.starts_at
    assert event.decoded("dtend") == meeting.ends_at
    assert "1. Planning" in str(event["description"])


def test_renewing_revokes_the_old_address(terms, cast, client_for, client):
    user_client = client_for(cast.staff_a)
    user_client.post(reverse("workload:calendar_token_renew"))
    old = CalendarToken.objects.get(user=cast.staff_a).token
    user_client.post(reverse("workload:calendar_token_renew"))
    new = CalendarToken.objects.get(user=cast.staff_a).token
    assert old != new and len(new) >= 40
    client.logout()
    assert client.get(reverse("workload:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("workload:calendar_feed", args=[new])).status_code == 200


def test_feed_of_a_deactivated_account_is_gone(cast, client):
    CalendarToken.objects.create(user=cast.staff_b, token="x" * 43)
    cast.staff_b.is_active = False
    cast.staff_b.save()
    assert client.get(reverse("workload:calendar_feed", args=["x" * 43])).status_code == 404


def test_renew_is_post_only(cast, client_for):
    assert client_for(cast.staff_a).get(reverse("workload:calendar_token_renew")).status_code == 405


def test_another_persons_meetings_are_not_in_my_feed(terms, cast, client_for, client):
    meeting_a(cast)
    client_for(cast.staff_b).post(reverse("workload:calendar_token_renew"))
    token = CalendarToken.objects.get(user=cast.staff_b).token
    calendar = Calendar.from_ical(
        client.get(reverse("workload:calendar_feed", args=[token])).content
    )
    assert calendar.walk("VEVENT") == []
    assert datetime  # noqa
