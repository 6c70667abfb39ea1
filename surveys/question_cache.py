"""The questions of an opened round, and its pages, kept in each process after their first read.

Once a round is published its questions cannot change (the round pages refuse edits and
services.question_remove refuses too), nor then its pages (surveys.paging: its questions
grouped by section and by the scores of its instruments), so the survey's pages and its
submit read them from memory; a draft round's questions are always read afresh.
"""

import threading
from collections import OrderedDict

from surveys.models import Round
from surveys.paging import SurveyPage, survey_pages

MAX_ROUNDS = 64  # rounds open at once in a trust are a handful
_lock = threading.Lock()
_kept: OrderedDict[int, tuple] = OrderedDict()  # round id: (questions, pages)


def round_questions(survey_round: Round) -> list:
    """The round's questions in order (the list is the caller's; the questions are shared, so
    treat them as read-only)."""
    if not survey_round.published:
        return list(survey_round.questions.all())
    return list(_published(survey_round)[0])


def round_pages(survey_round: Round) -> list[SurveyPage]:
    """The round's pages in order (surveys.paging.survey_pages of its questions); the list is
    the caller's, the pages are shared: treat them as read-only."""
    if not survey_round.published:
        return survey_pages(list(survey_round.questions.all()), survey_round.instruments)
    return list(_published(survey_round)[1])


def _published(survey_round: Round) -> tuple:
    with _lock:
        kept = _kept.get(survey_round.pk)
        if kept is not None:
            _kept.move_to_end(survey_round.pk)
            return kept
    questions = tuple(survey_round.questions.all())
    kept = (questions, tuple(survey_pages(list(questions), survey_round.instruments)))
    with _lock:
        _kept[survey_round.pk] = kept
        while len(_kept) > MAX_ROUNDS:
            _kept.popitem(last=False)
    return kept


def forget_all() -> None:
    """Empty the store (tests start from nothing)."""
    with _lock:
        _kept.clear()
