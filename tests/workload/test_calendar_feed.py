import hashlib
from datetime import datetime

from django.urls import reverse
from icalendar import Calendar

from tests.workload.walk import meeting_a
from workload.models import CalendarToken


def _renew(user_client) -> str:
    """Create or renew the address as the person does; the plain token is only in this page."""
    response = user_client.post(reverse("workload:calendar_token_renew"))
    assert response.status_code == 200
    return response.context["feed_url"].rsplit("/", 1)[1].removesuffix(".ics")


def test_feed_lists_the_persons_meetings_and_parses(terms, cast, client_for, client):
    meeting = meeting_a(cast)
    token = _renew(client_for(cast.staff_a))
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
    old = _renew(user_client)
    new = _renew(user_client)
    assert old != new and len(new) >= 40
    assert CalendarToken.objects.filter(user=cast.staff_a).count() == 1
    client.logout()
    assert client.get(reverse("workload:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("workload:calendar_feed", args=[new])).status_code == 200


def test_feed_of_a_deactivated_account_is_gone(cast, client):
    CalendarToken.objects.create(user=cast.staff_b, token_hash=CalendarToken.hash_of("x" * 43))
    cast.staff_b.is_active = False
    cast.staff_b.save()
    assert client.get(reverse("workload:calendar_feed", args=["x" * 43])).status_code == 404


def test_renew_is_post_only(cast, client_for):
    assert client_for(cast.staff_a).get(reverse("workload:calendar_token_renew")).status_code == 405


def test_another_persons_meetings_are_not_in_my_feed(terms, cast, client_for, client):
    meeting_a(cast)
    token = _renew(client_for(cast.staff_b))
    calendar = Calendar.from_ical(
        client.get(reverse("workload:calendar_feed", args=[token])).content
    )
    assert calendar.walk("VEVENT") == []
    assert datetime  # noqa


def test_only_the_hash_is_stored_and_the_address_is_shown_once(cast, client_for):
    user_client = client_for(cast.staff_a)
    response = user_client.post(reverse("workload:calendar_token_renew"))
    page = response.content.decode()
    token = response.context["feed_url"].rsplit("/", 1)[1].removesuffix(".ics")
    assert response.context["feed_url"] in page and "cannot show it again" in page
    assert response["Cache-Control"] == "no-store"
    entry = CalendarToken.objects.get(user=cast.staff_a)
    assert entry.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(CalendarToken.objects.values()))
    meetings = user_client.get(reverse("workload:meetings")).content.decode()
    assert token not in meetings and "cannot show it again" in meetings
    assert "Get a new address" in meetings
    assert token not in str(dict(user_client.session))


def test_the_first_address_is_not_called_a_renewal(cast, client_for):
    user_client = client_for(cast.staff_a)
    first = user_client.post(reverse("workload:calendar_token_renew")).content.decode()
    second = user_client.post(reverse("workload:calendar_token_renew")).content.decode()
    assert "old address no longer works" not in first
    assert "old address no longer works" in second
