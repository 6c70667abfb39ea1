"""HR runs a round: create, questions, preview, open, copy, close, comments, clusters."""

from datetime import timedelta

import pytest
from django.utils import timezone

from surveys.models import Comment, Question, ReportingCluster, Round
from tests.surveys.helpers import add_responses, make_round

pytestmark = pytest.mark.django_db


def _when(days):
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_hr_builds_previews_and_opens_a_round(cast, client):
    client.force_login(cast.hr)
    response = client.post(
        "/surveys/new/",
        {
            "title": "Spring check-in",
            "whole_trust": "on",
            "opens_at": _when(1),
            "closes_at": _when(15),
            "min_group_size": "6",
            "comment_min_group_size": "10",
            "reminder_every_days": "7",
        },
    )
    survey_round = Round.objects.get(title="Spring check-in")
    assert response["Location"] == f"/surveys/{survey_round.slug}/"
    client.post(f"/surveys/{survey_round.slug}/instrument/add/", {"instrument": "ons4"})
    client.post(
        f"/surveys/{survey_round.slug}/questions/add/",
        {
            "text": "Which would help most?",
            "kind": "single",
            "options": "Fewer meetings\nMore PPA time",
            "section": "",
        },
    )
    assert survey_round.questions.count() == 5
    assert survey_round.questions.get(kind="single").options[1] == {
        "value": 2,
        "label": "More PPA time",
    }
    preview = client.get(f"/surveys/{survey_round.slug}/preview/page-1/").content.decode()
    assert "Preview: this is what staff will see" in preview and "Overall, how satisfied" in preview
    client.post(f"/surveys/{survey_round.slug}/do/publish/")
    survey_round.refresh_from_db()
    assert survey_round.published and survey_round.status == "scheduled"
    # Questions are frozen once the round is opened.
    question = survey_round.questions.first()
    assert (
        client.post(f"/surveys/{survey_round.slug}/questions/{question.pk}/delete/").status_code
        == 302
    )
    assert Question.objects.filter(pk=question.pk).exists()


def test_minimum_group_size_below_three_is_refused(cast, client):
    client.force_login(cast.hr)
    response = client.post(
        "/surveys/new/",
        {
            "title": "Tiny",
            "whole_trust": "on",
            "opens_at": _when(1),
            "closes_at": _when(5),
            "min_group_size": "2",
            "comment_min_group_size": "10",
        },
    )
    assert response.status_code == 200 and "greater than or equal to 3" in response.content.decode()
    assert not Round.objects.filter(title="Tiny").exists()


def test_a_copied_round_repeats_the_questions(cast, client):
    source = make_round(closed=True, instruments=("ons4",))
    client.force_login(cast.hr)
    client.post(
        f"/surveys/{source.slug}/copy/",
        {"title": "Next time", "opens_at": _when(30), "closes_at": _when(45)},
    )
    copy = Round.objects.get(title="Next time")
    assert list(copy.questions.values_list("key", flat=True)) == list(
        source.questions.values_list("key", flat=True)
    )
    assert (
        copy.copied_from == source and not copy.published and copy.instruments == source.instruments
    )


def test_closing_then_releasing_builds_results_and_hr_moderates_comments(cast, client):
    survey_round = make_round(instruments=("ons4",), comment_min_group_size=10)
    add_responses(survey_round, cast.school_a, 10, {"ons4_happiness": 7})
    comment = Comment.objects.create(
        round=survey_round,
        question_key="q_anything_else",
        school=cast.school_a,
        role_group="teaching",
        text="Mr Smith shouts at us.",
    )
    client.force_login(cast.hr)
    client.post(f"/surveys/{survey_round.slug}/do/close/")
    survey_round.refresh_from_db()
    assert survey_round.is_closed and not survey_round.releases.exists()  # reopenable until
    client.post(f"/surveys/{survey_round.slug}/do/release/")
    survey_round.refresh_from_db()
    assert survey_round.results.data["responded"] == 10
    client.force_login(cast.head_a)
    results = f"/surveys/{survey_round.slug}/results/?group=100001"
    assert "shouts" not in client.get(results).content.decode()  # not approved yet
    assert client.get(f"/surveys/{survey_round.slug}/comments/").status_code == 403
    client.force_login(cast.hr)
    client.post(
        f"/surveys/{survey_round.slug}/comments/{comment.pk}/",
        {f"{comment.pk}-decision": "approve", f"{comment.pk}-shown_text": "[name] shouts at us."},
    )
    client.force_login(cast.head_a)
    page = client.get(results).content.decode()
    assert "[name] shouts at us." in page and "Mr Smith" not in page
    client.force_login(cast.head_b)
    assert "shouts" not in client.get(f"/surveys/{survey_round.slug}/results/").content.decode()


def test_comments_of_a_group_below_the_comment_threshold_are_not_shown(cast, client):
    survey_round = make_round(closed=True, instruments=("ons4",), comment_min_group_size=10)
    add_responses(survey_round, cast.school_a, 9, {"ons4_happiness": 7})
    Comment.objects.create(
        round=survey_round,
        question_key="q",
        school=cast.school_a,
        role_group="teaching",
        text="Visible?",
        shown_text="Visible?",
        status=Comment.Status.APPROVED,
    )
    from surveys.services import round_results_build

    round_results_build(survey_round=survey_round)
    client.force_login(cast.hr)
    assert "Visible?" not in client.get(f"/surveys/{survey_round.slug}/results/").content.decode()


def test_hr_uploads_an_instrument_and_manages_clusters(cast, client, tmp_path):
    client.force_login(cast.hr)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with bad.open("rb") as handle:
        response = client.post("/surveys/instruments/", {"file": handle})
    assert response.status_code == 400 and "not valid JSON" in response.content.decode()
    client.post(
        "/surveys/clusters/",
        {"name": "North primaries", "schools": [cast.school_a.pk, cast.school_b.pk]},
    )
    cluster = ReportingCluster.objects.get(name="North primaries")
    assert cluster.schools.count() == 2
    client.post(f"/surveys/clusters/{cluster.pk}/delete/")
    assert not ReportingCluster.objects.exists()


def test_response_rates_show_counts_for_the_heads_school_only(cast, client):
    from surveys.publishing import invitations_create
    from surveys.responding import response_submit

    survey_round = make_round(instruments=("ons4",), custom=False)
    invitations_create(survey_round=survey_round)
    response_submit(survey_round=survey_round, user=cast.staff_a, answers={"ons4_happiness": "5"})
    client.force_login(cast.head_a)
    page = client.get(f"/surveys/{survey_round.slug}/response-rates/").content.decode()
    assert "Alder Primary School" in page and "Birch Academy" not in page
    assert cast.staff_a.email not in page and cast.staff_a.last_name not in page
    # One answer of five needed: the head sees nothing move yet; HR sees the exact count.
    assert "at least 0" in page and "Responded counts move in steps of 5" in page
    client.force_login(cast.hr)
    page = client.get(f"/surveys/{survey_round.slug}/response-rates/").content.decode()
    assert "at least" not in page


def test_hr_picks_instrument_items_one_by_one(cast, client):
    survey_round = make_round(slug="pick-items", open_=False, custom=False)
    client.force_login(cast.hr)
    url = f"/surveys/{survey_round.slug}/"
    page = client.get(url).content.decode()
    assert 'name="items" value="ons4_anxiety"' in page and 'name="items" value="hse35"' in page
    assert "needs every one of its items" in page
    add = f"/surveys/{survey_round.slug}/instrument/add/"
    ticked = {"instrument": "ons4", "pick": "1", "items": ["ons4_anxiety", "ons4_happiness"]}
    assert client.post(add, ticked).status_code == 302
    assert sorted(survey_round.questions.values_list("key", flat=True)) == [
        "ons4_anxiety",
        "ons4_happiness",
    ]
    # Nothing ticked, or an item of another instrument: a clear message and nothing added.
    page = client.post(add, {"instrument": "ons4", "pick": "1"}, follow=True).content.decode()
    assert "Tick at least one item of ONS personal wellbeing" in page
    page = client.post(
        add, {"instrument": "ons4", "pick": "1", "items": ["hse01"]}, follow=True
    ).content.decode()
    assert "has no item hse01" in page
    assert survey_round.questions.count() == 2
    # Items already in the round show ticked; adding the whole instrument adds only the rest.
    assert (
        'value="ons4_anxiety" id="item-ons4-ons4_anxiety" checked disabled'
        in client.get(url).content.decode()
    )
    client.post(add, {"instrument": "ons4", "all": "1"})
    assert survey_round.questions.count() == 4


def test_results_download_answers_only_json_and_csv():
    from django.urls import Resolver404, resolve

    assert resolve("/surveys/autumn/results.json").kwargs == {"slug": "autumn", "fmt": "json"}
    assert resolve("/surveys/autumn/results.csv").kwargs["fmt"] == "csv"
    with pytest.raises(Resolver404):
        resolve("/surveys/autumn/results.xyz")
