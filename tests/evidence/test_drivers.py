"""Drivers: a round whose correlations were worked out by hand, the command, and the page."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from surveys import services
from surveys.models import Question
from tests.surveys.helpers import add_responses, make_round

pytestmark = pytest.mark.django_db

# Four answer patterns, eight respondents each (n = 32), all at school A:
# (life satisfaction, worthwhile, happiness, anxiety, "I feel valued")
PATTERNS = [(2, 3, 7, 4, 1), (4, 5, 5, 4, 2), (6, 5, 7, 6, 4), (8, 7, 5, 4, 5)]
# By hand: life satisfaction deviations -3,-1,1,3 (Sxx = 20 per set of four).
#   worthwhile  -2,0,0,2   Sxy 12, Syy 8  -> r = 12/sqrt(160) = 0.949
#   happiness   1,-1,1,-1  Sxy -4, Syy 4  -> r = -4/sqrt(80) = -0.447
#   anxiety     -.5,-.5,1.5,-.5 Sxy 2, Syy 3 -> r = 2/sqrt(60) = 0.258
#   valued      -2,-1,1,2  Sxy 14, Syy 10 -> r = 14/sqrt(200) = 0.990
# 95% intervals tanh(atanh(r) ± 1.96/sqrt(29)), worked out on a calculator.
EXPECTED = [
    {"instrument": None, "key": "VALUED", "n": 32, "r": 0.99, "ci_low": 0.979, "ci_high": 0.995},
    {"instrument": "ons4", "key": "worthwhile", "n": 32, "r": 0.949, "ci_low": 0.897,
     "ci_high": 0.975},
    {"instrument": "ons4", "key": "happiness", "n": 32, "r": -0.447, "ci_low": -0.689,
     "ci_high": -0.117},
    {"instrument": "ons4", "key": "anxiety", "n": 32, "r": 0.258, "ci_low": -0.099,
     "ci_high": 0.557},
]  # fmt: skip


def _round(cast, slug="drivers-round"):
    survey_round = make_round(slug=slug, open_=True, instruments=("ons4",))
    valued = survey_round.questions.get(kind=Question.Kind.AGREE5).key
    extra = services.question_add(
        survey_round=survey_round,
        text="How many evenings a week do you work?",
        kind=Question.Kind.SCALE10,
    )
    for ls, worthwhile, happiness, anxiety, value in PATTERNS:
        answers = {
            "ons4_life_satisfaction": ls,
            "ons4_worthwhile": worthwhile,
            "ons4_happiness": happiness,
            "ons4_anxiety": anxiety,
            valued: value,
        }
        if ls == 2:
            answers[extra.key] = 3  # only 8 respondents: shown by the release, too few for r
        add_responses(survey_round, cast.school_a, 8, answers)
    # Six at school B answer only "valued": the school is shown, with no outcome to drive.
    add_responses(survey_round, cast.school_b, 6, {valued: 3})
    return survey_round, valued, extra.key


def _expected(valued):
    return [{**d, "key": valued} if d["key"] == "VALUED" else d for d in EXPECTED]


def _json(slug, outcome="ons4.life_satisfaction"):
    out = io.StringIO()
    call_command("survey_drivers", slug, "--outcome", outcome, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_command_matches_the_hand_worked_round(cast):
    survey_round, valued, extra = _round(cast)
    services.round_early_release(survey_round=survey_round)
    got = _json(survey_round.slug)
    assert got["round"] == survey_round.slug
    assert got["outcome"] == {"instrument": "ons4", "key": "life_satisfaction"}
    assert got["drivers"][:4] == _expected(valued)
    assert got["drivers"][4:] == [{"instrument": None, "key": extra, "n": None, "suppressed": True}]


def test_csv_has_the_same_names(cast):
    survey_round, valued, extra = _round(cast)
    services.round_early_release(survey_round=survey_round)
    out = io.StringIO()
    call_command("survey_drivers", survey_round.slug, "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == ["instrument", "key", "n", "r", "ci_low", "ci_high", "suppressed"]
    assert rows[0] == {
        "instrument": "",
        "key": valued,
        "n": "32",
        "r": "0.99",
        "ci_low": "0.979",
        "ci_high": "0.995",
        "suppressed": "false",
    }
    assert rows[-1]["key"] == extra and rows[-1]["suppressed"] == "true" and rows[-1]["n"] == ""


def test_drivers_come_from_the_latest_release_only(cast):
    survey_round, valued, _extra = _round(cast)
    services.round_early_release(survey_round=survey_round)
    # Answers written after the release move nothing until the next release.
    add_responses(
        survey_round,
        cast.school_a,
        10,
        {
            "ons4_life_satisfaction": 8,
            "ons4_worthwhile": 0,
            "ons4_happiness": 0,
            "ons4_anxiety": 0,
            valued: 1,
        },
    )
    assert _json(survey_round.slug)["drivers"][:4] == _expected(valued)
    services.round_early_release(survey_round=survey_round)
    assert _json(survey_round.slug)["drivers"][0]["n"] == 42


def test_any_score_may_be_the_outcome_and_unknown_ones_are_refused(cast):
    survey_round, _valued, _extra = _round(cast)
    services.round_early_release(survey_round=survey_round)
    got = _json(survey_round.slug, "ons4.worthwhile")
    life = next(d for d in got["drivers"] if d["key"] == "life_satisfaction")
    assert life["r"] == 0.949
    with pytest.raises(CommandError, match="not a score"):
        _json(survey_round.slug, "hse-msit.demands")
    with pytest.raises(CommandError, match="INSTRUMENT.SCORE"):
        _json(survey_round.slug, "demands")


def test_fewer_than_thirty_respondents_are_suppressed(cast):
    survey_round = make_round(slug="small-round", open_=True, instruments=("ons4",))
    for ls in (3, 5, 7):
        add_responses(
            survey_round,
            cast.school_a,
            9,
            {"ons4_life_satisfaction": ls, "ons4_worthwhile": ls, "ons4_happiness": 10 - ls},
        )
    services.round_early_release(survey_round=survey_round)
    drivers = _json(survey_round.slug)["drivers"]
    assert drivers and all(d == {**d, "n": None, "suppressed": True} for d in drivers)
    assert all(set(d) == {"instrument", "key", "n", "suppressed"} for d in drivers)


def _page(client_for, user, slug, **params):
    from django.urls import reverse

    return client_for(user).get(reverse("surveys:drivers", args=[slug]), params)


def test_page_shows_intervals_readings_and_the_caveat_to_hr_and_trustees(cast, client_for):
    survey_round, _valued, _extra = _round(cast)
    services.round_early_release(survey_round=survey_round)
    for user in (cast.hr, cast.trustee):
        html = _page(client_for, user, survey_round.slug).content.decode()
        assert "Association is not cause" in html
        assert "0.95" in html and "0.90 to 0.97" in html
        assert "Strong, fairly certain (goes with higher outcome)" in html
        assert "Unclear: the interval crosses zero" in html
        assert "-0.45" in html and "-0.69 to -0.12" in html
        assert "fewer than 30" in html  # the evenings question
        assert "<svg" in html


def test_heads_see_their_own_school_only_and_only_when_large_enough(cast, client_for):
    survey_round, _valued, _extra = _round(cast)
    services.round_early_release(survey_round=survey_round)
    html = _page(client_for, cast.head_a, survey_round.slug).content.decode()
    assert "Whole trust" not in html and "Alder Primary School" in html
    assert "0.90 to 0.97" in html
    assert _page(client_for, cast.head_a, survey_round.slug, group="trust").status_code == 404
    assert _page(client_for, cast.head_a, survey_round.slug, group="100002").status_code == 404
    html = _page(client_for, cast.head_b, survey_round.slug).content.decode()
    assert "No drivers for this group" in html and "<svg" not in html
    for user in (cast.governor_a, cast.champion_a, cast.staff_a):
        assert _page(client_for, user, survey_round.slug).status_code == 403


def test_page_runs_a_fixed_number_of_queries(cast, client_for, django_assert_num_queries):
    survey_round, _valued, _extra = _round(cast)
    services.round_early_release(survey_round=survey_round)
    client = client_for(cast.hr)
    client.get(f"/surveys/{survey_round.slug}/drivers/")
    with django_assert_num_queries(5):
        assert client.get(f"/surveys/{survey_round.slug}/drivers/").status_code == 200


def test_a_final_release_made_before_drivers_gets_them_from_the_command(cast):
    from datetime import timedelta

    from django.utils import timezone

    from surveys.models import Release, RoundResults

    survey_round, valued, _extra = _round(cast)
    survey_round.closes_at = timezone.now() - timedelta(minutes=1)
    survey_round.save()
    services.round_results_build(survey_round=survey_round)
    for model in (Release, RoundResults):
        for row in model.objects.filter(round=survey_round):
            row.data.pop("drivers")
            row.save()
    assert _json(survey_round.slug)["drivers"][:4] == _expected(valued)
    assert "drivers" in Release.objects.get(round=survey_round).data
    assert "drivers" in RoundResults.objects.get(round=survey_round).data


def test_an_open_rounds_release_made_before_drivers_is_refused(cast):
    from surveys.models import RoundResults

    survey_round, _valued, _extra = _round(cast)
    services.round_early_release(survey_round=survey_round)
    stored = RoundResults.objects.get(round=survey_round)
    stored.data.pop("drivers")
    stored.save()
    with pytest.raises(CommandError, match="made before drivers existed"):
        _json(survey_round.slug)
