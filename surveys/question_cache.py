"""The questions of an opened round, kept in each process after their first read.

Once a round is published its questions cannot change (the round pages refuse edits and
services.question_remove refuses too), so the survey's pages and its submit read them from
memory; a draft round's questions are always read afresh.
"""

import threading
from collections import OrderedDict

from surveys.models import Round

MAX_ROUNDS = 64  # rounds open at once in a trust are a handful
_lock = threading.Lock()
_kept: OrderedDict[int, tuple] = OrderedDict()


def round_questions(survey_round: Round) -> list:
    """The round's questions in order (the list is the caller's; the questions are shared, so
    treat them as read-only)."""
    if not survey_round.published:
        return list(survey_round.questions.all())
    with _lock:
        kept = _kept.get(survey_round.pk)
        if kept is not None:
            _kept.move_to_end(survey_round.pk)
            return list(kept)
    kept = tuple(survey_round.questions.all())
    with _lock:
        _kept[survey_round.pk] = kept
        while len(_kept) > MAX_ROUNDS:
            _kept.popitem(last=False)
    return list(kept)


def forget_all() -> None:
    """Empty the store (tests start from nothing)."""
    with _lock:
        _kept.clear()
