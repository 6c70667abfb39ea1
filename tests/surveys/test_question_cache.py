"""An opened round's questions are read once per process; a draft round's every time."""

import pytest

from surveys import question_cache, services
from tests.surveys.helpers import draft_round, open_round

pytestmark = pytest.mark.django_db


def test_an_opened_rounds_questions_are_read_once(cast, django_assert_num_queries):
    survey_round = open_round(cast)
    first = question_cache.round_questions(survey_round)
    assert [q.key for q in first] == [q.key for q in survey_round.questions.all()]
    with django_assert_num_queries(0):
        again = question_cache.round_questions(survey_round)
    assert [q.pk for q in again] == [q.pk for q in first]


def test_a_draft_rounds_questions_are_read_afresh(cast, django_assert_num_queries):
    survey_round = draft_round(cast)
    before = len(question_cache.round_questions(survey_round))
    services.question_add(survey_round=survey_round, text="Anything else?", kind="text")
    with django_assert_num_queries(1):
        assert len(question_cache.round_questions(survey_round)) == before + 1
