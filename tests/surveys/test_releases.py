"""Releases through the web pages on PostgreSQL: the insider's "release, one person answers,
release again" recovers nothing; HR is told when the next release becomes possible."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError

from surveys import publishing, responding, services
from surveys.models import Question, Release, Round
from tests.surveys.helpers import add_responses, make_round


def _cells(export: dict) -> dict:
    """{(school, role group, figure): n} of every shown cell of a results export."""
    cells = {}
    for group in export["groups"]:
        where = (group["school_urn"], group["role_group"])
        if group["suppressed"]:
            continue
        cells[(*where, "respondents")] = group["respondents"]
        for q in group["questions"]:
            if not q.get("suppressed"):
                cells[(*where, q["key"])] = q["n"]
                for value, count in q["distribution"].items():
                    cells[(*where, q["key"], value)] = count
    return cells


def _release(client, survey_round):
    return client.post(f"/surveys/{survey_round.slug}/do/release/", follow=True).content.decode()


def _export(client, survey_round):
    return client.get(f"/surveys/{survey_round.slug}/results.json").json()


@pytest.fixture
def busy_round(cast):
    survey_round = make_round(slug="busy", min_group_size=5)
    key = survey_round.questions.get(kind=Question.Kind.AGREE5).key
    add_responses(survey_round, cast.school_a, 12, {key: 4})
    add_responses(survey_round, cast.school_a, 8, {key: 2}, role_group="support")
    add_responses(survey_round, cast.school_b, 10, {key: 3})
    return survey_round


def test_one_more_answer_moves_no_cell_and_hr_is_told_when_the_next_release_is_possible(
    cast, client, busy_round
):
    key = busy_round.questions.get(kind=Question.Kind.AGREE5).key
    client.force_login(cast.hr)
    assert "Release 1 made" in _release(client, busy_round)
    first = _export(client, busy_round)
    assert first["responded"] == 30

    responding.response_submit(survey_round=busy_round, user=cast.staff_a, answers={key: "5"})
    page = _release(client, busy_round)
    assert "Nothing new can be released yet" in page
    assert "after at least 5 more responses" in page
    assert Release.objects.filter(round=busy_round).count() == 1
    assert _cells(_export(client, busy_round)) == _cells(first)
    client.force_login(cast.head_a)
    head_view = _cells(_export(client, busy_round))
    assert head_view.items() <= _cells(first).items()

    # The one sealed submission waits for a batch of its own (at least 2k waiting); five more
    # answers written out by earlier batches make the next release possible.
    add_responses(busy_round, cast.school_a, 5, {key: 1})
    client.force_login(cast.hr)
    assert "Release 2 made" in _release(client, busy_round)
    second = _export(client, busy_round)
    before, after = _cells(first), _cells(second)
    # Counts of respondents move by 0 or at least k; within such a step the answers of the k
    # people (distribution counts) move together.
    moved = {
        cell: after[cell] - before[cell] for cell in before if cell in after and len(cell) == 3
    }
    assert moved[(None, None, "respondents")] == 5
    assert moved[("100001", "teaching", "respondents")] == 5
    assert all(change == 0 or change >= 5 for change in moved.values()), moved


def test_the_final_release_at_close_follows_the_same_rule(cast, client, busy_round):
    services.round_early_release(survey_round=busy_round)
    add_responses(busy_round, cast.school_b, 2, {})
    publishing.round_close(survey_round=busy_round)
    stored = services.round_results_build(survey_round=busy_round)
    assert Release.objects.filter(round=busy_round).count() == 1
    assert stored.data["provisional"] is False
    add_responses(busy_round, cast.school_b, 3, {})
    services.round_results_build(survey_round=busy_round)
    final = Release.objects.get(round=busy_round, number=2)
    assert final.final
    school_b = next(g for g in final.data["groups"] if g["key"] == "100002")
    assert school_b["respondents"] == 15


def test_hr_reads_and_downloads_a_releases_anonymity_statement(cast, client, busy_round):
    add_responses(busy_round, cast.school_b, 2, {}, role_group="support")
    services.round_early_release(survey_round=busy_round)
    client.force_login(cast.hr)
    page = client.get(f"/surveys/{busy_round.slug}/releases/1/statement/").content.decode()
    assert "Birch Academy: support" in page and "Fewer respondents than the minimum" in page
    assert "Birch Academy: teaching" in page and "worked out by subtraction" in page
    detail = client.get(f"/surveys/{busy_round.slug}/").content.decode()
    assert "Anonymity statement" in detail
    download = client.get(f"/surveys/{busy_round.slug}/releases/1/statement.csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert {"release", "group", "figure", "shown", "rule", "why"} == set(rows[0])
    assert {r["rule"] for r in rows} >= {"below-k", "family"}
    client.force_login(cast.head_a)
    assert client.get(f"/surveys/{busy_round.slug}/releases/1/statement/").status_code == 403


def test_held_groups_say_as_at_which_release_on_the_results_page(cast, client, busy_round):
    key = busy_round.questions.get(kind=Question.Kind.AGREE5).key
    services.round_early_release(survey_round=busy_round)
    add_responses(busy_round, cast.school_a, 5, {key: 5})
    add_responses(busy_round, cast.school_a, 2, {key: 5}, role_group="support")
    services.round_early_release(survey_round=busy_round)
    client.force_login(cast.head_a)
    page = client.get(f"/surveys/{busy_round.slug}/results/?group=100001/support").content
    assert "These figures are as at release 1" in page.decode()


def test_staff_are_told_in_plain_words_how_their_answers_are_protected(cast, client):
    client.force_login(cast.staff_a)
    page = client.get("/surveys/how-your-answers-are-protected/").content.decode()
    assert "Nobody can see your answers" in page and "not you" in page


def test_thresholds_are_locked_once_the_round_opens(cast, client, busy_round):
    busy_round.min_group_size = 3
    with pytest.raises(ValidationError, match="cannot change once the round has opened"):
        busy_round.full_clean()
    draft = make_round(slug="not-yet", open_=False)
    draft.min_group_size = 7
    draft.full_clean()

    client.force_login(cast.hr)
    form = client.get(f"/surveys/{busy_round.slug}/edit/").context["form"]
    assert form.fields["min_group_size"].disabled
    assert form.fields["comment_min_group_size"].disabled
    data = {
        "title": "Busy",
        "whole_trust": "on",
        "opens_at": busy_round.opens_at.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": busy_round.closes_at.strftime("%Y-%m-%dT%H:%M"),
        "min_group_size": "3",
        "comment_min_group_size": "3",
    }
    client.post(f"/surveys/{busy_round.slug}/edit/", data)
    busy_round = Round.objects.get(pk=busy_round.pk)
    assert (busy_round.min_group_size, busy_round.comment_min_group_size) == (5, 10)


def test_results_stored_before_releases_become_release_1_and_the_next_is_planned_against_it(
    cast, busy_round
):
    import importlib

    from django.apps import apps

    from surveys.models import RoundResults

    services.round_early_release(survey_round=busy_round)
    Release.objects.filter(round=busy_round).delete()
    stored = RoundResults.objects.get(round=busy_round)
    for group in stored.data["groups"]:
        del group["key"]
    del stored.data["release"], stored.data["statement"]
    stored.save()

    migration = importlib.import_module("surveys.migrations.0005_results_become_first_releases")
    migration.forwards(apps, None)

    first = Release.objects.get(round=busy_round)
    assert first.number == 1 and first.data["groups"][0]["key"] == "trust"
    add_responses(busy_round, cast.school_a, 2, {})
    with pytest.raises(services.NothingNewToRelease):
        services.release_make(survey_round=busy_round)


def test_support_minus_office_is_not_one_persons_answers_on_the_heads_page(cast, client):
    # Issue 12, item 4, through the page: every group has at least 5 respondents, yet support (6)
    # minus Office (5) would be the one Science support person.
    from surveys.models import Response

    survey_round = make_round(slug="departments", min_group_size=5)
    key = survey_round.questions.get(kind=Question.Kind.AGREE5).key
    rows = [("teaching", "Maths")] * 10 + [("teaching", "Science")] * 5
    rows += [("support", "Office")] * 5 + [("support", "Science")]
    Response.objects.bulk_create(
        Response(
            round=survey_round,
            school=cast.school_a,
            role_group=role,
            department=department,
            submitted_on=survey_round.opens_at.date(),
            answers={key: 3},
        )
        for role, department in rows
    )
    services.round_early_release(survey_round=survey_round)
    client.force_login(cast.head_a)
    page = client.get(f"/surveys/{survey_round.slug}/results/?group=100001/support").content
    page = page.decode()
    assert "<p>6 respondents.</p>" in page
    assert 'Alder Primary School: Office</a></th><td class="text-end">hidden</td>' in page
    office = client.get(f"/surveys/{survey_round.slug}/results/?group=100001/department/Office")
    assert "Results for this group are hidden" in office.content.decode()
