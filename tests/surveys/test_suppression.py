"""A group of k - 1 is hidden everywhere and cannot be recovered by subtraction."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from people.models import RoleGroup
from surveys import services, stored_results
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
        r["suppressed"] == "true" and r["respondents"] == "" and r["mean"] == "" for r in a_rows
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
    assert not any(g.get("department") for g in stored_results.export_json(data)["groups"])


def _add(survey_round, school, role, count, answers, department=""):
    from django.utils import timezone

    from surveys.models import Response

    Response.objects.bulk_create(
        Response(
            round=survey_round,
            school=school,
            role_group=role,
            department=department,
            submitted_on=timezone.localdate(),
            answers=dict(answers),
        )
        for _ in range(count)
    )


def _figure(group, part, key):
    return next(f for f in group[part] if f["key"] == key)


def _no_family_leaves_one_figure_hidden(data, part, key, families):
    """For every (parent, members) family: parent hidden, or not exactly one member hidden."""
    groups = _groups(data)
    for parent, members in families:
        parent_group = groups[parent]
        if parent_group["suppressed"] or _figure(parent_group, part, key).get("suppressed"):
            continue
        hidden = [
            m
            for m in members
            if groups[m]["suppressed"] or _figure(groups[m], part, key).get("suppressed")
        ]
        assert len(hidden) != 1, (parent, hidden)


def test_an_optional_question_hidden_in_one_role_group_cannot_be_recovered_by_subtraction(
    cast, capsys
):
    survey_round = make_round(closed=True, instruments=("ons4",), custom=False)
    rest = {k: v for k, v in OTHER.items() if k != "ons4_anxiety"}
    # Alder: 8 teaching of whom 4 answered anxiety (9), 6 support who all answered it (3).
    _add(survey_round, cast.school_a, "teaching", 4, ANSWERS)
    _add(survey_round, cast.school_a, "teaching", 4, rest)
    _add(survey_round, cast.school_a, "support", 6, OTHER)
    _add(survey_round, cast.school_b, "teaching", 12, OTHER)
    services.round_results_build(survey_round=survey_round)
    data = _json(survey_round.slug, capsys)
    groups = _groups(data)
    school = groups[("100001", None)]
    assert _figure(school, "questions", "ons4_anxiety")["n"] == 10  # the school shows it
    hidden = {"key": "ons4_anxiety", "n": None, "suppressed": True}
    assert _figure(groups[("100001", "teaching")], "questions", "ons4_anxiety") == hidden
    # Without the second suppression, support's figures would give teaching = school - support.
    assert _figure(groups[("100001", "support")], "questions", "ons4_anxiety") == hidden
    assert _figure(groups[("100001", "support")], "scores", "anxiety") == {
        "instrument": "ons4",
        "key": "anxiety",
        "n": None,
        "suppressed": True,
    }
    assert _figure(groups[("100001", "teaching")], "scores", "anxiety")["suppressed"] is True
    # Questions everyone answered stay shown in both role groups.
    assert _figure(groups[("100001", "support")], "questions", "ons4_happiness")["n"] == 6
    families = [
        ((None, None), [("100001", None), ("100002", None)]),
        (("100001", None), [("100001", "teaching"), ("100001", "support")]),
    ]  # Birch has no support respondents: nothing there to recover.
    for part, key in (("questions", "ons4_anxiety"), ("scores", "anxiety")):
        _no_family_leaves_one_figure_hidden(data, part, key, families)


def test_an_optional_question_hidden_in_one_school_hides_it_in_the_smallest_other(cast, capsys):
    school_c = SchoolFactory(urn="100003", name="Cedar School")
    survey_round = make_round(closed=True, instruments=("ons4",), custom=False)
    rest = {k: v for k, v in OTHER.items() if k != "ons4_anxiety"}
    _add(survey_round, cast.school_a, "teaching", 3, OTHER)  # anxiety n = 3: hidden
    _add(survey_round, cast.school_a, "teaching", 7, rest)
    _add(survey_round, cast.school_b, "teaching", 6, OTHER)  # n = 6: the smallest other
    _add(survey_round, school_c, "teaching", 9, OTHER)
    services.round_results_build(survey_round=survey_round)
    data = _json(survey_round.slug, capsys)
    groups = _groups(data)
    assert _figure(groups[(None, None)], "questions", "ons4_anxiety")["n"] == 18
    assert _figure(groups[("100001", None)], "questions", "ons4_anxiety")["suppressed"]
    assert _figure(groups[("100002", None)], "questions", "ons4_anxiety")["suppressed"]
    assert _figure(groups[("100003", None)], "questions", "ons4_anxiety")["n"] == 9
    # Birch's question is hidden, so its role groups hide it too (else teaching + support).
    assert _figure(groups[("100002", "teaching")], "questions", "ons4_anxiety")["suppressed"]
    assert _figure(groups[("100002", None)], "questions", "ons4_happiness")["n"] == 6


def test_a_schools_page_offers_its_departments_and_hides_a_small_one(cast, client):
    survey_round = make_round(closed=True, instruments=("ons4",), custom=False)
    _add(survey_round, cast.school_a, "teaching", 6, OTHER, "Maths")
    _add(survey_round, cast.school_a, "teaching", 7, OTHER, "English")
    _add(survey_round, cast.school_a, "support", 8, OTHER, "Office")
    _add(survey_round, cast.school_b, "teaching", 6, OTHER, "Science")
    _add(survey_round, cast.school_b, "teaching", 4, ANSWERS, "Art")  # too small
    _add(survey_round, cast.school_b, "support", 9, OTHER, "Site")
    data = services.round_results_build(survey_round=survey_round).data
    client.force_login(cast.head_a)
    base = f"/surveys/{survey_round.slug}/results/"
    page = client.get(base + "?group=100001").content.decode()
    assert "Departments of Alder Primary School" in page
    assert '<a href="?group=100001/department/Maths">Maths</a>' in page
    maths = client.get(base + "?group=100001/department/Maths").content.decode()
    assert "<h2>Alder Primary School: Maths</h2>" in maths and "6 respondents." in maths
    client.force_login(cast.hr)
    birch = client.get(base + "?group=100002").content.decode()
    section = birch[birch.index("Departments of Birch Academy") : birch.index('id="breakdown"')]
    assert section.count(">hidden<") == 3 and "?group=100002/department/" not in section
    art = client.get(base + "?group=100002/department/Art").content.decode()
    assert "Results for this group are hidden" in art and "9.00" not in art
    # Departments are never in the results export (docs/figures.md).
    assert all(g["kind"] != "department" or not g["exported"] for g in data["groups"])
    export = client.get(f"/surveys/{survey_round.slug}/results.json").json()
    assert len(export["groups"]) == 1 + 2 + 4
