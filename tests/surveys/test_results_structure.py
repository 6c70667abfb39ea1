"""The results page gives the picture first: the scores by standard, then each standard's
questions folded in their own section (charts and data tables inside), hidden figures still
hidden."""

import re

import pytest
from django.urls import reverse

from surveys import services
from surveys.models import Question
from tests.surveys.helpers import add_responses, make_round

pytestmark = pytest.mark.django_db


def _hse_round(cast):
    survey_round = make_round(
        slug="hse-round", closed=True, instruments=("hse-msit", "ons4"), custom=False
    )
    answers = {
        q.key: 3 for q in survey_round.questions.exclude(kind=Question.Kind.TEXT).only("key")
    }
    add_responses(survey_round, cast.school_a, 6, answers)
    add_responses(survey_round, cast.school_a, 2, answers, role_group="support")  # hidden
    add_responses(survey_round, cast.school_b, 6, answers)
    services.round_results_build(survey_round=survey_round)
    return survey_round


def test_scores_come_first_and_each_standard_folds_its_questions(cast, client_for):
    survey_round = _hse_round(cast)
    url = reverse("surveys:results", args=[survey_round.slug])
    page = client_for(cast.hr).get(url + "?group=100001").content.decode()

    folds = re.findall(
        r"<details class=\"[^\"]*question-group\"[^>]*>\s*<summary[^>]*>(.*?)</summary>", page, re.S
    )
    titles = [re.split(r" \(|:", re.sub(r"<[^>]+>", "", f))[0].strip() for f in folds]
    standards = ["Demands", "Control", "Manager support", "Peer support", "Relationships"]
    assert titles[:7] == [*standards, "Role", "Change"]  # the standards in the tool's order
    demands = next(f for f in folds if f.startswith("Demands"))
    assert "8 questions" in demands and "score 3.00" in demands
    assert len(folds) == page.count("question-group")
    assert not re.search(r"<details[^>]*question-group[^>]*open", page)  # folded
    assert page.index('id="scores-hse-msit"') < page.index("question-group")
    # Every question's chart and data table are still there, inside a fold.
    first_fold = page.index("question-group")
    assert page.count("<table", first_fold) >= 35
    assert page.index('id="q0-caption"') > first_fold


def test_a_hidden_group_shows_no_question_folds(cast, client_for):
    survey_round = _hse_round(cast)
    url = reverse("surveys:results", args=[survey_round.slug])
    page = client_for(cast.hr).get(url + "?group=100001/support").content.decode()
    assert "Results for this group are hidden" in page
    assert "question-group" not in page and 'id="q0-caption"' not in page
