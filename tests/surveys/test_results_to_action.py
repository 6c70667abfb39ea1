"""From a result to an action: each question's figure offers "Record an action on this" to those
who manage the group's actions; the form opens with the round and question chosen and lists only
that round's questions."""

import re

import pytest
from django.urls import reverse

from surveys.models import Question
from tests.surveys.helpers import closed_round_with_results, make_round

pytestmark = pytest.mark.django_db


def test_a_head_records_an_action_from_a_school_result(cast, client_for):
    survey_round = closed_round_with_results(cast)
    make_round(slug="other-round", title="Another survey", closed=True)
    valued = survey_round.questions.get(kind=Question.Kind.AGREE5)
    client = client_for(cast.head_a)
    page = client.get(
        reverse("surveys:results", args=[survey_round.slug]) + "?group=100001"
    ).content.decode()
    link = f"/actions/new/100001/?question={valued.pk}"
    assert link in page and "Record an action on this" in page

    form = client.get(link).content.decode()
    question_select = re.search(r'<select name="question".*?</select>', form, re.S).group(0)
    assert f'value="{valued.pk}" selected' in question_select
    assert "Another survey" not in question_select  # only this round's questions
    options = re.findall(r'<option value="(\d+)"', question_select)
    assert set(map(int, options)) == set(survey_round.questions.values_list("pk", flat=True))


def test_no_action_link_for_those_who_cannot_record_actions_there(cast, client_for):
    survey_round = closed_round_with_results(cast)
    url = reverse("surveys:results", args=[survey_round.slug])
    assert "Record an action" not in client_for(cast.governor_a).get(url).content.decode()
    # A head reading the trust's figures cannot record a trust action.
    page = client_for(cast.head_a).get(url + "?group=trust").content.decode()
    assert "Record an action" not in page
    hr_page = client_for(cast.hr).get(url + "?group=trust").content.decode()
    assert "/actions/new/trust/?question=" in hr_page


def test_a_head_records_an_action_from_a_score(cast, client_for):
    survey_round = closed_round_with_results(cast)
    instrument = survey_round.instruments["ons4"]
    score = instrument["scores"][0]
    client = client_for(cast.head_a)
    page = client.get(
        reverse("surveys:results", args=[survey_round.slug]) + "?group=100001"
    ).content.decode()
    link = f"/actions/new/100001/?round={survey_round.pk}&amp;score=ons4:{score['key']}"
    assert link in page

    form = client.get(link.replace("&amp;", "&")).content.decode()
    round_select = re.search(r'<select name="round".*?</select>', form, re.S).group(0)
    assert f'value="{survey_round.pk}" selected' in round_select
    question_select = re.search(r'<select name="question".*?</select>', form, re.S).group(0)
    assert " selected" not in question_select.replace('value="" selected', "")
    you_said = re.search(r'<textarea name="you_said".*?</textarea>', form, re.S).group(0)
    assert f"“{score['label']}” ({instrument['name']}) scored low." in you_said

    # Not for a head reading the trust's figures, nor for a score the round does not have.
    trust_page = client.get(
        reverse("surveys:results", args=[survey_round.slug]) + "?group=trust"
    ).content.decode()
    assert "score=ons4:" not in trust_page
    bogus = client.get(f"/actions/new/100001/?round={survey_round.pk}&score=ons4:nope")
    assert "scored low" not in bogus.content.decode()
