"""GET /workload/quiet-hours.json exactly as docs/commands.md describes it."""

import pytest
from django.test import Client

from tests.absence.world import terms

pytestmark = pytest.mark.django_db
URL = "/workload/quiet-hours.json"


@pytest.mark.parametrize(
    "at,allowed,next_allowed",
    [
        ("2026-06-03T06:59", False, "2026-06-03T07:00:00+01:00"),
        ("2026-06-03T07:00", True, "2026-06-03T07:00:00+01:00"),
        ("2026-06-03T17:59", True, "2026-06-03T17:59:00+01:00"),
        ("2026-06-03T18:00", False, "2026-06-04T07:00:00+01:00"),
        ("2026-05-26T10:00", False, "2026-06-01T07:00:00+01:00"),  # half-term
    ],
)
def test_the_answer_has_exactly_the_four_keys(cast, client_for, at, allowed, next_allowed):
    terms()
    response = client_for(cast.staff_a).get(URL, {"school": "100001", "at": at})
    assert response.status_code == 200
    assert response.json() == {
        "school": "100001",  # a URN is an identifier: a JSON string, as in the staff CSV
        "at": f"{at}:00+01:00",
        "allowed": allowed,
        "next_allowed": next_allowed,
    }


def test_every_signed_in_role_may_ask_and_anonymous_is_sent_to_log_in(cast, client_for):
    terms()
    for user in (cast.staff_a, cast.governor_a, cast.trustee, cast.hr, cast.head_b):
        assert client_for(user).get(URL).status_code == 200
    assert Client().get(URL).status_code == 302
