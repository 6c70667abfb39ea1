import json

from django.urls import reverse

URL = "/workload/quiet-hours.json"


def test_url_is_the_one_in_interfaces():
    assert reverse("workload:quiet_hours_json") == URL


def get(client, **query):
    response = client.get(URL, query)
    return response.status_code, json.loads(response.content)


def test_answers_for_a_weekday_evening(terms, cast, client_for):
    status, body = get(client_for(cast.staff_a), school="100002", at="2026-11-23T18:30")
    assert status == 200
    assert body == {
        "school": "100002",
        "at": "2026-11-23T18:30:00+00:00",
        "allowed": False,
        "next_allowed": "2026-11-24T07:00:00+00:00",
    }


def test_answers_for_a_working_hour_in_summer_time(terms, cast, client_for):
    status, body = get(client_for(cast.staff_a), school="100001", at="2026-06-03T07:00")
    assert body == {
        "school": "100001",
        "at": "2026-06-03T07:00:00+01:00",
        "allowed": True,
        "next_allowed": "2026-06-03T07:00:00+01:00",
    }


def test_school_defaults_to_the_users_and_at_to_now(terms, cast, client_for):
    status, body = get(client_for(cast.staff_b))
    assert status == 200 and body["school"] == "100002"
    assert set(body) == {"school", "at", "allowed", "next_allowed"}
    status, body = get(
        client_for(cast.trustee), at="2026-10-28T10:00"
    )  # no school: the trust calendar
    assert body["school"] is None and body["allowed"] is False
    assert body["next_allowed"] == "2026-11-02T07:00:00+00:00"


def test_bad_input_is_a_clear_400(terms, cast, client_for):
    client = client_for(cast.staff_a)
    status, body = get(client, at="23/11/2026 18:30")
    assert status == 400 and "YYYY-MM-DDTHH:MM" in body["error"]
    status, body = get(client, school="999999")
    assert status == 400 and "999999" in body["error"]


def test_the_page_answers_and_offers_the_footer(terms, cast, client_for):
    response = client_for(cast.staff_a).get(
        reverse("workload:quiet_hours"),
        {"school": cast.school_a.pk, "day": "2026-10-23", "time": "18:30"},
    )
    text = response.content.decode()
    assert "Not now." in text and "Monday 2 November 2026, 07:00" in text
    assert "I choose to work now; I do not expect a reply outside working hours." in text
