"""What the survey pages share: finding a round, and a survey's pages."""

from django.http import Http404

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
