"""Irreversible actions ask first: the link shows a confirmation page saying what will happen
(GET changes nothing); only its form acts. A round closed early can be reopened until its results
are released; a removed draft question, section or pledge can be restored."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from charters import services as charter_services
from charters.models import Pledge, Section
from school_calendar.models import Term
from surveys import notify
from surveys import publishing as survey_publishing
from surveys import services as survey_services
from surveys.models import Question, ReportingCluster, Round
from tests.surveys.helpers import make_round
from tests.workload.conftest import TERMS_2026_27, make_terms

pytestmark = pytest.mark.django_db


def _confirm_then_act(client, url, *, says: str, button: str, follow=True):
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert says in text and button in text and "Cancel, go back" in text
    assert '<form method="post" class=' in text
    return client.post(url, {"confirmed": "1"}, follow=follow)


def test_closing_a_round_early_asks_first_and_can_be_undone(cast, client_for):
    survey_round = make_round(instruments=("ons4",))
    survey_publishing.invitations_create(survey_round=survey_round)
    planned = survey_round.closes_at
    client = client_for(cast.hr)
    url = reverse("surveys:round_action", args=[survey_round.slug, "close"])

    page = client.get(url).content.decode()
    assert "Close “Test survey” now?" in page
    assert "0 of " in page and "invited staff have answered" in page
    survey_round.refresh_from_db()
    assert survey_round.is_open  # looking at the question changes nothing

    response = _confirm_then_act(client, url, says="Close", button="Close the round now")
    assert "You can reopen it until its results are released" in response.content.decode()
    survey_round.refresh_from_db()
    assert survey_round.is_closed and survey_round.closed_early_from == planned
    # Results wait for the planned closing time, so it can still be reopened.
    assert survey_round.pk not in notify.rounds_needing_results()
    assert survey_round.pk in notify.rounds_needing_results(now=planned + timedelta(minutes=1))
    detail = client.get(reverse("surveys:round_detail", args=[survey_round.slug])).content.decode()
    assert "Reopen…" in detail

    reopen = reverse("surveys:round_action", args=[survey_round.slug, "reopen"])
    _confirm_then_act(client, reopen, says="Reopen “Test survey”?", button="Reopen the round")
    survey_round.refresh_from_db()
    assert survey_round.is_open and survey_round.closes_at == planned
    assert survey_round.closed_early_from is None


def test_a_round_closed_early_cannot_reopen_once_results_are_released(cast, client_for):
    survey_round = make_round(instruments=("ons4",))
    client = client_for(cast.hr)
    client.post(reverse("surveys:round_action", args=[survey_round.slug, "close"]))
    release = reverse("surveys:round_action", args=[survey_round.slug, "release"])
    page = client.get(release).content.decode()
    assert "a release cannot be withdrawn" in page
    client.post(release)
    survey_round.refresh_from_db()
    assert not survey_publishing.round_reopenable(survey_round)
    response = client.post(
        reverse("surveys:round_action", args=[survey_round.slug, "reopen"]), follow=True
    )
    assert "cannot be reopened" in response.content.decode()
    survey_round.refresh_from_db()
    assert survey_round.is_closed


def test_opening_a_round_says_who_is_invited(cast, client_for):
    survey_round = make_round(open_=False)
    url = reverse("surveys:round_action", args=[survey_round.slug, "publish"])
    client = client_for(cast.hr)
    page = client.get(url).content.decode()
    assert "Open “Test survey” to staff?" in page and "across the whole trust" in page
    assert not Round.objects.get(pk=survey_round.pk).published
    _confirm_then_act(client, url, says="Open", button="Open the round")
    assert Round.objects.get(pk=survey_round.pk).published


def test_confirmation_pages_are_for_hr_only(cast, client_for):
    survey_round = make_round()
    client = client_for(cast.staff_a)
    for action in ("publish", "close", "reopen", "release"):
        url = reverse("surveys:round_action", args=[survey_round.slug, action])
        assert client.get(url).status_code == 403
    assert (
        client_for(cast.hr)
        .get(reverse("surveys:round_action", args=[survey_round.slug, "explode"]))
        .status_code
        == 404
    )


def test_a_removed_draft_question_can_be_restored(cast, client_for):
    survey_round = make_round(open_=False)
    question = survey_round.questions.get(kind=Question.Kind.AGREE5)
    client = client_for(cast.hr)
    url = reverse("surveys:question_delete", args=[survey_round.slug, question.pk])
    response = _confirm_then_act(client, url, says="I feel valued at work", button="Remove")
    assert not Question.objects.filter(pk=question.pk).exists()
    assert "You removed “I feel valued at work”" in response.content.decode()

    client.post(reverse("surveys:question_restore", args=[survey_round.slug]))
    restored = Question.objects.get(pk=question.pk)
    assert (restored.text, restored.required, restored.position) == (
        question.text,
        question.required,
        question.position,
    )
    # Nothing left to undo: a second restore changes nothing.
    client.post(reverse("surveys:question_restore", args=[survey_round.slug]))
    assert survey_round.questions.count() == 2


def test_removing_a_cluster_asks_first(cast, client_for):
    cluster = survey_services.cluster_save(name="North", schools=[cast.school_a, cast.school_b])
    url = reverse("surveys:cluster_delete", args=[cluster.pk])
    client = client_for(cast.hr)
    _confirm_then_act(client, url, says="Alder Primary School, Birch Academy", button="Remove")
    assert not ReportingCluster.objects.exists()


def test_deleting_a_term_asks_first(cast, client_for):
    autumn, *_ = make_terms(TERMS_2026_27)
    url = reverse("workload:term_delete", args=[autumn.pk])
    client = client_for(cast.hr)
    page = client.get(url).content.decode()
    assert "runs from 1 September 2026" in page
    assert Term.objects.filter(pk=autumn.pk).exists()
    _confirm_then_act(client, url, says="Delete", button="Delete")
    assert not Term.objects.filter(pk=autumn.pk).exists()


def test_a_removed_section_comes_back_with_its_pledges(cast, client_for):
    charter = charter_services.charter_create(kind="wellbeing", title="Our charter", school=None)
    draft = charter.versions.get()
    section = charter_services.section_add(version=draft, title="Workload")
    kept = [
        charter_services.pledge_add(section=section, commitment=f"Pledge {n}", review_on=day)
        for n, day in ((1, timezone.localdate() + timedelta(days=90)), (2, None))
    ]
    client = client_for(cast.hr)
    url = reverse("charters:section_delete", args=[section.pk])
    response = _confirm_then_act(client, url, says="with its 2 pledges", button="Remove")
    assert not Section.objects.filter(pk=section.pk).exists()
    assert "You removed the section “Workload”" in response.content.decode()

    client.post(reverse("charters:draft_item_restore", args=[charter.pk]))
    assert Section.objects.get(pk=section.pk).title == "Workload"
    restored = {p.pk: p for p in Pledge.objects.filter(section_id=section.pk)}
    assert {p.pk for p in kept} == set(restored)
    assert restored[kept[0].pk].review_on == kept[0].review_on

    pledge_url = reverse("charters:pledge_delete", args=[kept[1].pk])
    _confirm_then_act(client, pledge_url, says="Pledge 2", button="Remove the pledge")
    assert not Pledge.objects.filter(pk=kept[1].pk).exists()
    client.post(reverse("charters:draft_item_restore", args=[charter.pk]))
    assert Pledge.objects.filter(pk=kept[1].pk).exists()
