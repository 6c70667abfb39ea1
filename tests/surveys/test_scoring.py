"""ONS4 and HSE scoring against worked examples done by hand from the instrument files."""

import json

import pytest
from django.core.management import call_command

from surveys import services
from tests.surveys.helpers import add_responses, make_round

pytestmark = pytest.mark.django_db


def _export(survey_round, capsys):
    services.round_results_build(survey_round=survey_round)
    call_command("export_survey_results", survey_round.slug, "--format", "json")
    return json.loads(capsys.readouterr().out)


def _score(group, key):
    return next(s for s in group["scores"] if s["key"] == key)


def test_ons4_means_and_national_bands_match_the_worked_example(cast, capsys):
    survey_round = make_round(closed=True, instruments=("ons4",), custom=False, min_group_size=3)
    # Life satisfaction 9, 7, 5, 3, 10: mean 34 / 5 = 6.8;
    # bands low {3}, medium {5}, high {7}, very high {9, 10}.
    # Anxiety 0, 1, 2, 6, 10: mean 19 / 5 = 3.8; very low {0, 1}, low {2}, medium {}, high {6, 10}.
    for life, anxiety in ((9, 0), (7, 1), (5, 2), (3, 6), (10, 10)):
        add_responses(
            survey_round,
            cast.school_a,
            1,
            {"ons4_life_satisfaction": life, "ons4_anxiety": anxiety},
        )
    trust = _export(survey_round, capsys)["groups"][0]
    life = _score(trust, "life_satisfaction")
    assert life == {
        "instrument": "ons4",
        "key": "life_satisfaction",
        "n": 5,
        "mean": 6.8,
        "bands": {"low": 20.0, "medium": 20.0, "high": 20.0, "very high": 40.0},
    }
    anxiety = _score(trust, "anxiety")
    assert anxiety["mean"] == 3.8
    assert anxiety["bands"] == {"very low": 40.0, "low": 20.0, "medium": 0.0, "high": 40.0}
    question = next(q for q in trust["questions"] if q["key"] == "ons4_anxiety")
    assert question["distribution"] == {
        str(v): (1 if v in (0, 1, 2, 6, 10) else 0) for v in range(11)
    }
    # Worthwhile was not answered by anyone: fewer than the minimum, so it is suppressed, not zero.
    assert _score(trust, "worthwhile") == {
        "instrument": "ons4",
        "key": "worthwhile",
        "n": None,
        "suppressed": True,
    }


def test_hse_standard_is_the_mean_of_items_after_reverse_scoring(cast, capsys):
    survey_round = make_round(
        closed=True, instruments=("hse-msit",), custom=False, min_group_size=3
    )
    demands = [
        "hse03",
        "hse06",
        "hse09",
        "hse12",
        "hse16",
        "hse18",
        "hse20",
        "hse22",
    ]  # all reverse items
    control = ["hse02", "hse10", "hse15", "hse19", "hse25", "hse30"]
    # A: demands 2,3,1,4,2,5,3,2 -> reversed 4,3,5,2,4,1,3,4 = 26 / 8 = 3.25;
    #    control 4,4,3,5,2,3 = 21 / 6 = 3.5
    a = dict(zip(demands, [2, 3, 1, 4, 2, 5, 3, 2], strict=True)) | dict(
        zip(control, [4, 4, 3, 5, 2, 3], strict=True)
    )
    # B: only hse03 = 5, hse06 = 4 -> reversed 1, 2 -> 1.5; control all 1 -> 1.0
    b = {"hse03": 5, "hse06": 4} | {key: 1 for key in control}
    # C: demands all 3 -> 3.0; control all 5 -> 5.0
    c = {key: 3 for key in demands} | {key: 5 for key in control}
    for answers in (a, b, c):
        add_responses(survey_round, cast.school_a, 1, answers)
    trust = _export(survey_round, capsys)["groups"][0]
    assert _score(trust, "demands")["mean"] == round((3.25 + 1.5 + 3.0) / 3, 2)  # 2.58
    assert _score(trust, "control")["mean"] == round((3.5 + 1.0 + 5.0) / 3, 2)  # 3.17
    assert _score(trust, "demands")["n"] == 3
    assert _score(trust, "demands")["bands"] == {}
    # Nobody answered the role items: the score is suppressed rather than shown as empty.
    assert _score(trust, "role")["suppressed"] is True


def test_sum_lookup_scores_only_complete_answers(cast, tmp_path, capsys):
    definition = {
        "format": "wellbeing-portal-instrument/1",
        "key": "mini-licensed",
        "name": "Mini licensed scale",
        "licence": "test",
        "attribution": "test",
        "instructions": "",
        "scales": {
            "five": {"type": "range", "min": 1, "max": 5, "min_label": "None", "max_label": "All"}
        },
        "items": [
            {"key": "ml1", "text": "One", "scale": "five"},
            {"key": "ml2", "text": "Two", "scale": "five"},
        ],
        "scores": [
            {
                "key": "total",
                "label": "Total",
                "method": "sum_lookup",
                "items": ["ml1", "ml2"],
                "higher_is_better": True,
                "lookup": {str(s): s * 1.5 for s in range(2, 11)},
            }
        ],
    }
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(definition))
    call_command("load_instrument", str(path))
    capsys.readouterr()
    survey_round = make_round(
        closed=True, instruments=("mini-licensed",), custom=False, min_group_size=3
    )
    # Sums 2+3=5 -> 7.5, 4+4=8 -> 12.0, 5+5=10 -> 15.0; the fourth respondent skipped ml2: no score.
    for answers in ({"ml1": 2, "ml2": 3}, {"ml1": 4, "ml2": 4}, {"ml1": 5, "ml2": 5}, {"ml1": 1}):
        add_responses(survey_round, cast.school_a, 1, answers)
    total = _score(_export(survey_round, capsys)["groups"][0], "total")
    assert total["n"] == 3
    assert total["mean"] == round((7.5 + 12.0 + 15.0) / 3, 2)


def test_a_mean_score_uses_the_items_picked_and_a_sum_lookup_score_needs_them_all(cast, capsys):
    from surveys.models import Instrument

    survey_round = make_round(closed=True, custom=False, min_group_size=3)
    services.round_instrument_add(
        survey_round=survey_round,
        instrument=Instrument.objects.get(key="hse-msit"),
        item_keys=["hse03", "hse06"],  # two of the eight demands items, both reverse-scored
    )
    services.round_instrument_add(
        survey_round=survey_round,
        instrument=Instrument.objects.get(key="ons4"),
        item_keys=["ons4_anxiety"],
    )
    assert sorted(survey_round.questions.values_list("key", flat=True)) == [
        "hse03",
        "hse06",
        "ons4_anxiety",
    ]
    # hse03 = 2 -> 6 - 2 = 4, hse06 = 5 -> 1: each respondent's demands score is 2.5.
    add_responses(survey_round, cast.school_a, 3, {"hse03": 2, "hse06": 5, "ons4_anxiety": 4})
    data = services.round_results_build(survey_round=survey_round).data
    assert [(s["instrument"], s["key"], s["label"]) for s in data["scores"]] == [
        ("hse-msit", "demands", "Demands (2 of 8 items)"),
        ("ons4", "anxiety", "Anxiety"),
    ]
    assert data["scores"][0]["benchmark"] is None
    trust = _export(survey_round, capsys)["groups"][0]
    assert _score(trust, "demands") == {
        "instrument": "hse-msit",
        "key": "demands",
        "n": 3,
        "mean": 2.5,
        "bands": {},
    }
    assert [s["key"] for s in trust["scores"]] == ["demands", "anxiety"]


def test_a_sum_lookup_score_is_left_out_when_an_item_is_not_picked():
    from surveys.tallies import score_meta

    instruments = {
        "mini": {
            "name": "Mini",
            "scores": [
                {"key": "total", "label": "Total", "method": "sum_lookup", "items": ["a", "b"]},
                {"key": "avg", "label": "Average", "method": "mean", "items": ["a", "b"]},
                {"key": "b_only", "label": "B", "method": "item", "items": ["b"]},
            ],
        }
    }
    assert [s["key"] for s in score_meta(instruments, {"a"})] == ["avg"]
    assert [s["key"] for s in score_meta(instruments, {"a", "b"})] == ["total", "avg", "b_only"]
