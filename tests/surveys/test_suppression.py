"""A group of k - 1 is hidden everywhere and cannot be recovered by subtraction."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from people.models import RoleGroup
from surveys import results, services
from tests.conftest import _staff
from tests.factories import SchoolFactory
from tests.surveys.helpers import add_responses, make_round

pytestmark = pytest.mark.django_db

ANSWERS = {
    "ons4_life_satisfaction": 2,
    "ons4_worthwhile": 3,
    "ons4_happiness": 2,
    "ons4_anxiety": 9,
}
OTHER = {"ons4_life_satisfaction": 8, "ons4_worthwhile": 8, "ons4_happiness": 8, "ons4_anxiety": 3}


@pytest.fixture
def world(cast):
    school_c = SchoolFactory(urn="100003", name="Cedar School")
    survey_round = make_round(closed=True, instruments=("ons4",), custom=False, min_group_size=5)
    add_responses(survey_round, cast.school_a, 4, ANSWERS)  # k - 1: hidden
    add_responses(survey_round, cast.school_b, 10, OTHER)  # smallest other: hidden too
    add_responses(survey_round, school_c, 12, OTHER)
    services.round_results_build(survey_round=survey_round)
    return survey_round, school_c


def _json(slug, capsys):
    call_command("export_survey_results", slug, "--format", "json")
    return json.loads(capsys.readouterr().out)


def _groups(data):
    return {(g["school_urn"], g["role_group"]): g for g in data["groups"]}


def test_group_of_minimum_size_minus_one_is_hidden_in_json_with_secondary_suppression(
    world, capsys
):
    survey_round, _ = world
    data = _json(survey_round.slug, capsys)
    groups = _groups(data)
    assert [(g["school_urn"], g["role_group"]) for g in data["groups"]][:4] == [
        (None, None),
        ("100001", None),
        ("100002", None),
        ("100003", None),
    ]
    assert groups[("100001", None)] == {
        "school_urn": "100001",
        "role_group": None,
        "respondents": None,
        "suppressed": True,
    }
    assert groups[("100002", None)]["suppressed"] is True  # secondary: otherwise trust - B - C = A
    assert groups[("100001", "teaching")]["suppressed"] is True
    assert groups[("100003", None)]["respondents"] == 12
    assert groups[(None, None)]["respondents"] == 26
    # Subtracting every visible school from the trust leaves A and B together, never A alone.
    visible = sum(
        g["respondents"]
        for key, g in groups.items()
        if key[1] is None and key[0] and not g["suppressed"]
    )
    assert groups[(None, None)]["respondents"] - visible == 14


def test_hidden_group_is_hidden_in_csv(world, capsys):
    survey_round, _ = world
    call_command("export_survey_results", survey_round.slug, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    a_rows = [r for r in rows if r["school_urn"] == "100001"]
    assert a_rows and all(
        r["suppressed"] == "True" and r["respondents"] == "" and r["mean"] == "" for r in a_rows
    )
    assert any(
        r["school_urn"] == "100003" and r["key"] == "ons4_anxiety" and r["mean"] == "3.0"
        for r in rows
    )


def test_hidden_group_is_hidden_on_the_page_and_in_the_chart(world, client, cast):
    survey_round, _ = world
    client.force_login(cast.hr)
    page = client.get(f"/surveys/{survey_round.slug}/results/?group=100001").content.decode()
    assert "Results for this group are hidden" in page
    assert "Alder Primary School (hidden: too few responses)" in page
    # Heat map of ONS4 scores by school: A's row shows "hidden", never its mean (2.00).
    trust_page = client.get(f"/surveys/{survey_round.slug}/results/").content.decode()
    heat = trust_page[trust_page.index("ONS personal wellbeing (ONS4) by school") :]
    assert "hidden" in heat
    assert "2.00" not in trust_page and "9.00" not in trust_page
    export = client.get(f"/surveys/{survey_round.slug}/results.json").json()
    assert _groups(export)[("100001", None)]["suppressed"] is True


def test_a_head_sees_only_their_school_and_the_trust(world, client, cast):
    survey_round, school_c = world
    client.force_login(cast.head_a)
    export = client.get(f"/surveys/{survey_round.slug}/results.json").json()
    assert {g["school_urn"] for g in export["groups"]} == {None, "100001"}
    assert (
        client.get(f"/surveys/{survey_round.slug}/results/?group=100003")
        .content.decode()
        .count("Cedar")
        == 0
    )


def test_role_groups_are_suppressed_in_pairs(cast, capsys):
    survey_round = make_round(closed=True, instruments=("ons4",), custom=False)
    add_responses(survey_round, cast.school_a, 12, OTHER, role_group=RoleGroup.TEACHING)
    add_responses(survey_round, cast.school_a, 4, ANSWERS, role_group=RoleGroup.SUPPORT)
    add_responses(survey_round, cast.school_b, 8, OTHER)
    services.round_results_build(survey_round=survey_round)
    groups = _groups(_json(survey_round.slug, capsys))
    assert groups[("100001", "support")]["suppressed"] is True
    assert groups[("100001", "teaching")]["suppressed"] is True  # else school - teaching = support
    assert groups[("100001", None)]["respondents"] == 16


def test_a_few_central_staff_count_as_a_hidden_member_of_the_schools(cast, capsys):
    survey_round = make_round(closed=True, instruments=("ons4",), custom=False)
    add_responses(survey_round, None, 3, ANSWERS)
    add_responses(survey_round, cast.school_a, 10, OTHER)
    add_responses(survey_round, cast.school_b, 12, OTHER)
    services.round_results_build(survey_round=survey_round)
    data = _json(survey_round.slug, capsys)
    groups = _groups(data)
    assert (
        groups[("100001", None)]["suppressed"] is True
    )  # trust - A - B would be the central three
    assert groups[("100002", None)]["respondents"] == 12
    assert all(g["school_urn"] is not None or g["role_group"] is None for g in data["groups"])


def test_a_question_answered_by_too_few_is_suppressed_inside_a_shown_group(cast, capsys):
    survey_round = make_round(closed=True, instruments=("ons4",), custom=False)
    add_responses(survey_round, cast.school_a, 4, ANSWERS)
    add_responses(survey_round, cast.school_a, 4, {"ons4_life_satisfaction": 6})
    services.round_results_build(survey_round=survey_round)
    school = _groups(_json(survey_round.slug, capsys))[("100001", None)]
    by_key = {q["key"]: q for q in school["questions"]}
    assert by_key["ons4_life_satisfaction"]["n"] == 8
    assert by_key["ons4_anxiety"] == {"key": "ons4_anxiety", "n": None, "suppressed": True}


def test_a_small_school_in_a_cluster_counts_at_cluster_level(cast, client):
    small = SchoolFactory(urn="100004", name="Tiny School")
    cluster = services.cluster_save(name="Small schools", schools=[small, cast.school_b])
    survey_round = make_round(closed=True, instruments=("ons4",), custom=False)
    add_responses(survey_round, small, 3, ANSWERS)
    add_responses(survey_round, cast.school_b, 9, OTHER)
    add_responses(survey_round, cast.school_a, 20, OTHER)
    data = services.round_results_build(survey_round=survey_round).data
    by_label = {g["label"]: g for g in data["groups"]}
    assert by_label[cluster.name]["respondents"] == 12
    assert by_label["Tiny School"]["suppressed"] and by_label["Birch Academy"]["suppressed"]
    staff = _staff("tiny@example.org", small)
    client.force_login(staff)
    open_round = make_round(slug="open-now", instruments=("ons4",))
    page = client.get(f"/surveys/take/{open_round.slug}/").content.decode()
    assert "Small schools" in page


def test_departments_are_shown_all_together_or_not_at_all(cast):
    from django.utils import timezone

    from surveys.models import Response

    def add(school, department, role, count):
        Response.objects.bulk_create(
            Response(
                round=survey_round,
                school=school,
                role_group=role,
                department=department,
                submitted_on=timezone.localdate(),
                answers=OTHER,
            )
            for _ in range(count)
        )

    survey_round = make_round(closed=True, instruments=("ons4",), custom=False)
    add(cast.school_a, "Maths", "teaching", 4)  # too small: every department of A is hidden
    add(cast.school_a, "English", "teaching", 8)
    add(cast.school_a, "Office", "support", 9)
    add(cast.school_b, "Science", "teaching", 6)
    add(cast.school_b, "Site", "support", 7)
    data = services.round_results_build(survey_round=survey_round).data
    departments = {g["label"]: g for g in data["groups"] if g["kind"] == "department"}
    assert all(
        departments[f"Alder Primary School: {d}"]["suppressed"]
        for d in ("Maths", "English", "Office")
    )
    assert departments["Birch Academy: Science"]["respondents"] == 6
    assert departments["Birch Academy: Site"]["respondents"] == 7
    assert not any(g.get("department") for g in results.export_json(data)["groups"])
