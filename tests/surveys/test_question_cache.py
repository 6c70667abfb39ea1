"""An opened round's questions and pages are read once per process; a draft round's every
time."""

import pytest

from surveys import question_cache, services
from surveys.paging import survey_pages
from tests.surveys.helpers import draft_round, make_round, open_round

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


def test_an_opened_rounds_pages_are_worked_out_once(cast, django_assert_num_queries):
    survey_round = make_round(slug="paged", instruments=("ons4", "hse-msit"))
    expected = survey_pages(list(survey_round.questions.all()), survey_round.instruments)
    assert len(expected) > 2
    first = question_cache.round_pages(survey_round)
    with django_assert_num_queries(0):
        again = question_cache.round_pages(survey_round)
    for pages in (first, again):
        assert [(p.title, [q.key for q in p.questions]) for p in pages] == [
            (p.title, [q.key for q in p.questions]) for p in expected
        ]


def test_a_draft_rounds_pages_are_worked_out_afresh(cast, django_assert_num_queries):
    survey_round = draft_round(cast)
    before = sum(len(p.questions) for p in question_cache.round_pages(survey_round))
    services.question_add(survey_round=survey_round, text="Anything else?", kind="text")
    with django_assert_num_queries(1):
        pages = question_cache.round_pages(survey_round)
    assert sum(len(p.questions) for p in pages) == before + 1
