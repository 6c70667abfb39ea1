from datetime import UTC, date, datetime, time

import pytest

from school_calendar.quiet_hours import UK, is_send_allowed, next_allowed_send_time
from tests.workload.conftest import make_terms
from workload.models import WorkloadRules


def uk(*args):
    return datetime(*args, tzinfo=UK)


@pytest.mark.parametrize(
    "at, allowed, next_allowed",
    [
        (uk(2025, 11, 12, 10, 30), True, uk(2025, 11, 12, 10, 30)),  # a normal working hour
        (uk(2025, 11, 12, 7, 0), True, uk(2025, 11, 12, 7, 0)),  # 07:00 is allowed
        (uk(2025, 11, 12, 6, 59), False, uk(2025, 11, 12, 7, 0)),
        (uk(2025, 11, 12, 18, 0), False, uk(2025, 11, 13, 7, 0)),  # 18:00 is not
        (uk(2025, 11, 12, 21, 15), False, uk(2025, 11, 13, 7, 0)),  # a weekday evening
        (uk(2025, 11, 15, 11, 0), False, uk(2025, 11, 17, 7, 0)),  # a Saturday
        (uk(2026, 5, 4, 11, 0), False, uk(2026, 5, 5, 7, 0)),  # May Day bank holiday in term
        (uk(2025, 10, 29, 11, 0), False, uk(2025, 11, 3, 7, 0)),  # a half-term Wednesday
        (uk(2025, 12, 24, 9, 0), False, uk(2026, 1, 5, 7, 0)),  # Christmas holiday
        (uk(2026, 3, 27, 17, 59), True, uk(2026, 3, 27, 17, 59)),  # last day of spring term
        (uk(2026, 3, 27, 18, 0), False, uk(2026, 4, 13, 7, 0)),  # Easter holiday follows
    ],
)
def test_may_i_send_now(terms, at, allowed, next_allowed):
    assert is_send_allowed(at) is allowed
    assert next_allowed_send_time(at) == next_allowed


def test_friday_evening_before_half_term_waits_for_the_first_working_day_after_it(terms):
    friday = uk(2026, 10, 23, 18, 30)
    assert next_allowed_send_time(friday) == uk(2026, 11, 2, 7, 0)
    # Summer half-term holds the spring bank holiday: still the Monday after.
    assert next_allowed_send_time(uk(2026, 5, 22, 18, 30)) == uk(2026, 6, 1, 7, 0)


def test_utc_and_naive_times_are_read_as_uk_time(terms):

    assert not is_send_allowed(datetime(2026, 6, 3, 18, 0))  # naive: UK local time
    # 17:30 UTC in British Summer Time is 18:30 in the UK.
    assert not is_send_allowed(datetime(2026, 6, 3, 17, 30, tzinfo=UTC))
    assert is_send_allowed(datetime(2026, 6, 3, 16, 30, tzinfo=UTC))
    assert (
        next_allowed_send_time(datetime(2026, 6, 3, 17, 30, tzinfo=UTC)).utcoffset().seconds == 3600
    )


def test_the_school_calendar_and_the_schools_rules_apply(terms, cast):
    make_terms(
        [
            (
                "2025-26",
                "autumn",
                date(2025, 9, 1),
                date(2025, 12, 19),
                date(2025, 11, 3),
                date(2025, 11, 7),
            )
        ],
        school=cast.school_a,
    )
    assert is_send_allowed(uk(2025, 10, 29, 11, 0), cast.school_a)
    assert not is_send_allowed(uk(2025, 11, 5, 11, 0), cast.school_a)
    assert is_send_allowed(uk(2025, 11, 5, 11, 0), cast.school_b)

    WorkloadRules.objects.create(quiet_from=time(19, 0), quiet_until=time(8, 0))
    assert is_send_allowed(uk(2025, 11, 12, 18, 30), cast.school_b)
    assert next_allowed_send_time(uk(2025, 11, 12, 7, 30), cast.school_b) == uk(2025, 11, 12, 8, 0)
    WorkloadRules.objects.create(
        school=cast.school_b,
        quiet_from=time(17, 30),
        quiet_weekends=False,
        quiet_school_holidays=False,
    )
    assert not is_send_allowed(uk(2025, 11, 12, 17, 45), cast.school_b)
    assert is_send_allowed(uk(2025, 11, 15, 11, 0), cast.school_b)  # weekends allowed there
    assert is_send_allowed(uk(2025, 10, 29, 11, 0), cast.school_b)  # and holidays
    assert not is_send_allowed(uk(2025, 12, 25, 11, 0), cast.school_b)  # never a bank holiday
    assert is_send_allowed(uk(2025, 11, 12, 18, 30), cast.school_a)  # A keeps the trust's 19:00
    assert not is_send_allowed(uk(2025, 11, 12, 19, 0), cast.school_a)


def test_a_year_without_term_dates_falls_back_to_weekdays(db):
    assert is_send_allowed(uk(2025, 8, 12, 10, 0))
    assert next_allowed_send_time(uk(2025, 8, 15, 19, 0)) == uk(2025, 8, 18, 7, 0)
    assert next_allowed_send_time(uk(2025, 8, 22, 19, 0)) == uk(
        2025, 8, 26, 7, 0
    )  # bank holiday Monday
