"""What the survey pages share: finding a round, and a survey's pages."""

from django.http import Http404

from surveys import question_cache
from surveys.models import Question, Round
from surveys.paging import survey_pages
from surveys.selectors import round_by_slug


def round_or_404(slug) -> Round:
    survey_round = round_by_slug(slug)
    if survey_round is None:
        raise Http404
    return survey_round


def survey_sections(survey_round, questions) -> list[tuple[str, list[Question]]]:
    """The survey's pages as (title, questions), at most about eight questions each."""
    return [
        (page.title, page.questions) for page in survey_pages(questions, survey_round.instruments)
    ]


def round_sections(survey_round) -> list[tuple[str, list[Question]]]:
    """survey_sections of the round's own questions, kept in memory once it is published
    (surveys.question_cache). The question lists are shared: treat them as read-only."""
    return [(page.title, page.questions) for page in question_cache.round_pages(survey_round)]
