"""load_instrument, import_responses and export_survey_results from the command line."""

import json

import pytest
from django.core.management import CommandError, call_command

from surveys.models import Instrument, Response, Round

pytestmark = pytest.mark.django_db

HEADER = "school_urn,role_group,department,ons4_life_satisfaction,ons4_anxiety,hse03\n"


def _csv(tmp_path, text, name="responses.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_builtin_instruments_are_loaded_by_migration():
    import importlib

    from django.apps import apps

    Instrument.objects.all().delete()
    importlib.import_module("surveys.migrations.0002_load_builtin_instruments").load(apps, None)
    assert set(Instrument.objects.filter(builtin=True).values_list("key", flat=True)) == {
        "ons4",
        "hse-msit",
    }
    assert len(Instrument.objects.get(key="hse-msit").definition["items"]) == 35


def test_load_instrument_reports_every_problem_and_loads_nothing(tmp_path):
    path = _csv(
        tmp_path,
        json.dumps(
            {
                "format": "wellbeing-portal-instrument/1",
                "key": "bad",
                "name": "Bad",
                "scales": {},
                "items": [{"key": "b1", "text": "x", "scale": "nope"}],
            }
        ),
        "bad.json",
    )
    with pytest.raises(CommandError) as error:
        call_command("load_instrument", path)
    assert '"scales" must be an object' in str(error.value)
    assert 'scale "nope" is not defined' in str(error.value)
    assert not Instrument.objects.filter(key="bad").exists()


def test_load_instrument_rejects_a_lookup_missing_sums(tmp_path):
    definition = {
        "format": "wellbeing-portal-instrument/1",
        "key": "lk",
        "name": "Lookup",
        "scales": {"s": {"type": "range", "min": 1, "max": 2, "min_label": "a", "max_label": "b"}},
        "items": [
            {"key": "l1", "text": "x", "scale": "s"},
            {"key": "l2", "text": "y", "scale": "s"},
        ],
        "scores": [
            {
                "key": "t",
                "label": "T",
                "method": "sum_lookup",
                "items": ["l1", "l2"],
                "higher_is_better": True,
                "lookup": {"2": 1, "3": 2},
            }
        ],
    }
    with pytest.raises(CommandError, match="no value for sums 4"):
        call_command("load_instrument", _csv(tmp_path, json.dumps(definition), "lk.json"))


def test_import_responses_creates_a_closed_round_and_exports_it(cast, tmp_path, capsys):
    rows = "".join(f"100001,teaching,Maths,{7 + i % 2},{i % 4},{1 + i % 5}\n" for i in range(6))
    rows += "100002,support,,5,,\n" * 2 + ",support,Finance,8,2,3\n"
    call_command(
        "import_responses",
        _csv(tmp_path, HEADER + rows),
        "--round",
        "old-provider-2025",
        "--title",
        "Spring 2025 (previous provider)",
        "--closed",
        "2025-03-28",
        "--min-group-size",
        "5",
    )
    survey_round = Round.objects.get(slug="old-provider-2025")
    assert (
        survey_round.imported
        and survey_round.is_closed
        and survey_round.closed_on.isoformat() == "2025-03-28"
    )
    assert Response.objects.filter(round=survey_round).count() == 9
    capsys.readouterr()
    call_command("export_survey_results", "old-provider-2025", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["invited"] is None and data["responded"] == 9
    assert [q["key"] for q in data["groups"][0]["questions"]] == [
        "ons4_life_satisfaction",
        "ons4_anxiety",
        "hse03",
    ]
    by_school = {(g["school_urn"], g["role_group"]): g for g in data["groups"]}
    # The trust (9) minus school 100001 (6) would be the 3 others together: fewer than the
    # minimum, so the auditor hides 100001 as well (before releases it was shown).
    assert by_school[(None, None)]["respondents"] == 9
    assert by_school[("100001", None)]["suppressed"] is True
    assert by_school[("100002", None)]["suppressed"] is True


def test_import_responses_names_line_and_column_and_imports_nothing(cast, tmp_path):
    text = HEADER + "100001,teaching,,11,3,2\n999999,teaching,,5,3,2\n100001,cook,,5,3,9\n"
    with pytest.raises(CommandError) as error:
        call_command("import_responses", _csv(tmp_path, text), "--round", "bad-import")
    message = str(error.value)
    assert (
        "line 2, column ons4_life_satisfaction: '11' is not on the item's scale (0 to 10)"
        in message
    )
    assert "line 3, column school_urn" in message
    assert "line 4, column hse03" in message and "line 4, column role_group" in message
    assert not Round.objects.filter(slug="bad-import").exists()


def test_import_responses_refuses_unknown_items(cast, tmp_path):
    with pytest.raises(
        CommandError, match="line 1, column swemwbs1: is not an item of any loaded instrument"
    ):
        call_command(
            "import_responses",
            _csv(tmp_path, "school_urn,role_group,swemwbs1\n100001,teaching,3\n"),
            "--round",
            "x",
        )


def test_import_responses_refuses_a_round_that_already_has_responses(cast, tmp_path):
    path = _csv(tmp_path, HEADER + "100001,teaching,,5,3,2\n")
    call_command("import_responses", path, "--round", "twice")
    with pytest.raises(CommandError, match="already has responses"):
        call_command("import_responses", path, "--round", "twice")
    assert Response.objects.count() == 1


def test_export_of_an_unknown_round_is_a_clear_error():
    with pytest.raises(CommandError, match="no survey round has the slug 'nope'"):
        call_command("export_survey_results", "nope", "--format", "csv")
