"""Leavers and exit answers are counted by one definition of "left in the term"."""

from datetime import date

from people.models import Trust
from support.exits import exit_reasons, leaving_period
from support.models import ExitAnswer
from support.selectors import people_figures
from tests.absence.world import person

AUTUMN = "2026-27-autumn"
SUMMER = "2025-26-summer"


def test_31_august_leavers_and_their_answers_count_once_in_the_same_term(cast, terms):
    # The summer term ends on 20 July: the autumn term's leaving period starts the day after.
    assert leaving_period(AUTUMN) == (date(2026, 7, 21), date(2026, 12, 18))
    minimum = Trust.current().min_group_size
    for _ in range(12):
        person(cast.school_a, start_date=date(2020, 9, 1))
    for _ in range(minimum):
        person(cast.school_a, start_date=date(2020, 9, 1), end_date=date(2026, 8, 31))
        ExitAnswer.objects.create(
            school=cast.school_a,
            role_group="teaching",
            answered_on=date(2026, 8, 31),
            reasons=["pay"],
        )
    leavers = people_figures(term_key=AUTUMN)["leavers"]
    answers = exit_reasons(term_key=AUTUMN, today=date(2026, 11, 2))["answers"]
    assert leavers == answers == minimum
    assert people_figures(term_key=SUMMER)["leavers"] == 0  # not counted twice
    assert exit_reasons(term_key=SUMMER, today=date(2026, 11, 2))["answers"] is None
