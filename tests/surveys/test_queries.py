"""Results pages and exports read stored figures: the same number of queries at any size."""

import pytest

from surveys import services
from tests.surveys.helpers import add_responses, make_round

pytestmark = pytest.mark.django_db

ANSWERS = {"ons4_life_satisfaction": 7, "ons4_anxiety": 3, "hse01": 4, "hse03": 2}


def _round(cast, slug, count):
    survey_round = make_round(slug=slug, closed=True, instruments=("ons4", "hse-msit"))
    add_responses(survey_round, cast.school_a, count, ANSWERS)
    add_responses(survey_round, cast.school_b, count, ANSWERS, role_group="support")
    services.round_results_build(survey_round=survey_round)
    return survey_round


# The results page's exact number of queries for each reader, at every size of round.
EXPECTED = {"hr": 8, "head_a": 10}


@pytest.mark.parametrize("role", ["hr", "head_a"])
def test_results_page_runs_a_constant_number_of_queries(
    cast, client, django_assert_num_queries, role
):
    small, large = _round(cast, "small", 6), _round(cast, "large", 300)
    client.force_login(cast.user(role))
    client.get(f"/surveys/{small.slug}/results/")  # warm the session and role caches
    counts = []
    for survey_round in (small, large):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/surveys/{survey_round.slug}/results/").status_code == 200
        counts.append(len(queries))
    assert counts == [EXPECTED[role]] * 2, counts
    with django_assert_num_queries(EXPECTED[role]):
        client.get(f"/surveys/{large.slug}/results/?group=100001")


def test_export_runs_a_constant_number_of_queries(cast, client):
    small, large = _round(cast, "small", 6), _round(cast, "large", 200)
    client.force_login(cast.hr)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for survey_round in (small, large):
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/surveys/{survey_round.slug}/results.csv")
        counts.append(len(queries))
    assert counts == [4, 4], counts
