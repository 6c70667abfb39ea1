"""What the survey pages share: finding a round, and a survey's pages."""

from django.shortcuts import get_object_or_404

from surveys.models import Question, Round
from surveys.paging import survey_pages


def round_or_404(slug) -> Round:
    return get_object_or_404(Round, slug=slug)


def survey_sections(survey_round, questions) -> list[tuple[str, list[Question]]]:
    """The survey's pages as (title, questions), at most about eight questions each."""
    return [
        (page.title, page.questions) for page in survey_pages(questions, survey_round.instruments)
    ]
