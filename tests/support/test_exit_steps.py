"""Exit questionnaire figures move only in steps of the minimum group size, so someone who knows
when a colleague answered cannot read that colleague's reasons off the change."""

from datetime import date

from support.exits import exit_reasons
from support.models import ExitAnswer

TERM = "2026-27-autumn"


def _answer(cast, day, reason):
    ExitAnswer.objects.create(
        school=cast.school_a, role_group="teaching", answered_on=day, reasons=[reason]
    )


def test_one_more_leavers_answer_changes_nothing_until_a_whole_step_is_reached(cast, terms):
    for _ in range(5):
        _answer(cast, date(2026, 10, 1), "pay")
    before = exit_reasons(term_key=TERM, today=date(2026, 10, 2))
    assert before["answers"] == 5

    _answer(cast, date(2026, 10, 2), "workload")
    assert exit_reasons(term_key=TERM, today=date(2026, 10, 3)) == before

    for _ in range(4):
        _answer(cast, date(2026, 10, 3), "workload")
    assert exit_reasons(term_key=TERM, today=date(2026, 10, 3)) == before  # today's still open
    after = exit_reasons(term_key=TERM, today=date(2026, 10, 4))
    assert after["answers"] == 10
    assert {r["key"]: r["count"] for r in after["reasons"]} == {"pay": 5, "workload": 5}
