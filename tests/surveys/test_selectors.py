"""The selectors dashboards and the termly report read: term_survey_summaries and headline_trend."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from surveys import publishing, services, summaries
from tests.surveys.helpers import add_responses, make_round

pytestmark = pytest.mark.django_db


def test_term_summaries_give_scores_and_rates_with_suppression(cast):
    survey_round = make_round(closed=True, instruments=("ons4",), custom=False)
    publishing.invitations_create(survey_round=survey_round)
    add_responses(survey_round, cast.school_a, 6, {"ons4_life_satisfaction": 8})
    add_responses(survey_round, cast.school_b, 2, {"ons4_life_satisfaction": 4})
    services.round_results_build(survey_round=survey_round)
    closed = survey_round.closed_on
    trust = summaries.term_survey_summaries(first_day=closed - timedelta(days=1), last_day=closed)
    assert len(trust) == 1
    summary = trust[0]
    assert summary["round"] == survey_round.slug and summary["closed"] == closed.isoformat()
    assert summary["responded"] == 8 and summary["suppressed"] is False
    invited = survey_round.invitations.count()
    assert summary["response_rate_pct"] == round(100 * 8 / invited, 2)
    life = next(s for s in summary["scores"] if s["key"] == "life_satisfaction")
    assert life == {
        "instrument": "ons4",
        "key": "life_satisfaction",
        "label": "Life satisfaction",
        "n": 8,
        "mean": 7.0,
        "suppressed": False,
    }
    school_b = summaries.term_survey_summaries(
        first_day=closed, last_day=closed, school=cast.school_b
    )[0]
    assert school_b["suppressed"] and school_b["responded"] is None
    assert all(s["mean"] is None and s["suppressed"] for s in school_b["scores"])
    assert (
        summaries.term_survey_summaries(first_day=date(2000, 1, 1), last_day=date(2000, 2, 1)) == []
    )


def test_headline_trend_is_oldest_first_and_limited(cast):
    now = timezone.now()
    for index in range(3):
        survey_round = make_round(
            slug=f"r{index}", closed=True, instruments=("ons4",), custom=False
        )
        survey_round.closes_at = now - timedelta(days=100 - index * 30)
        survey_round.opens_at = survey_round.closes_at - timedelta(days=10)
        survey_round.save()
        add_responses(survey_round, cast.school_a, 5, {"ons4_happiness": 5 + index})
        services.round_results_build(survey_round=survey_round)
    trend = summaries.headline_trend(limit=2)
    assert [t["round"] for t in trend] == ["r1", "r2"]
    assert [next(s["mean"] for s in t["scores"] if s["key"] == "happiness") for t in trend] == [
        6.0,
        7.0,
    ]
