from datetime import date, timedelta

import pytest

from school_calendar.models import Term
from school_calendar.terms import (
    academic_year_for,
    bank_holidays_between,
    is_bank_holiday,
    is_school_working_day,
    parse_term_key,
    previous_term_key,
    same_term_last_year_key,
    school_working_days,
    term_dates,
    term_key,
    term_key_for_day,
)
from tests.workload.conftest import make_terms


def test_term_keys_parse_and_step_back():
    assert parse_term_key("2025-26-spring") == ("2025-26", "spring")
    assert term_key("2025-26", "summer") == "2025-26-summer"
    assert previous_term_key("2025-26-spring") == "2025-26-autumn"
    assert previous_term_key("2025-26-autumn") == "2024-25-summer"
    assert previous_term_key("1999-00-autumn") == "1998-99-summer"
    assert same_term_last_year_key("2026-27-autumn") == "2025-26-autumn"


@pytest.mark.parametrize(
    "bad", ["2025-27-spring", "2025-26-winter", "2025/26-spring", "", "2025-26"]
)
def test_bad_term_keys_are_refused(bad):
    with pytest.raises(ValueError):
        parse_term_key(bad)


def test_academic_year_turns_on_the_first_of_september():
    assert academic_year_for(date(2026, 8, 31)) == "2025-26"
    assert academic_year_for(date(2026, 9, 1)) == "2026-27"
    assert academic_year_for(date(2026, 11, 23)) == "2026-27"


def test_england_bank_holidays_include_easter_monday_and_august():
    assert is_bank_holiday(date(2026, 4, 6))  # Easter Monday
    assert is_bank_holiday(date(2025, 8, 25))  # late summer
    assert is_bank_holiday(date(2026, 5, 4))  # May Day
    assert not is_bank_holiday(date(2026, 3, 17))  # St Patrick's Day is Northern Ireland only
    assert bank_holidays_between(date(2025, 9, 1), date(2026, 8, 31)) == {
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
    }


def test_working_days_of_2025_26_terms(terms):
    # Autumn: 16 weeks of weekdays minus half-term; no bank holiday inside the term.
    assert len(school_working_days("2025-26-autumn")) == 80 - 5
    # Spring: 12 weeks minus half-term; Good Friday and Easter Monday fall in the Easter holiday.
    assert len(school_working_days("2025-26-spring")) == 60 - 5
    # Summer: 13 Apr to 20 Jul is 71 weekdays; minus half-term (which holds the spring bank
    # holiday) and the May Day bank holiday.
    summer = school_working_days("2025-26-summer")
    assert len(summer) == 71 - 5 - 1
    assert date(2026, 5, 4) not in summer
    assert date(2026, 5, 25) not in summer
    assert summer[0] == date(2026, 4, 13) and summer[-1] == date(2026, 7, 20)


def test_a_full_year_is_the_statutory_195_days(terms):
    days = sum(len(school_working_days(f"2025-26-{t}")) for t in ("autumn", "spring", "summer"))
    assert days == 195
    assert (
        sum(len(school_working_days(f"2026-27-{t}")) for t in ("autumn", "spring", "summer")) == 195
    )


def test_inset_day_at_the_start_of_term_is_a_working_day(terms):
    assert is_school_working_day(date(2025, 9, 1))  # INSET, Monday
    assert not is_school_working_day(date(2025, 8, 29))  # summer holiday


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2025, 11, 3), True),  # Monday after half-term
        (date(2025, 10, 29), False),  # half-term Wednesday
        (date(2025, 11, 8), False),  # Saturday in term
        (date(2025, 12, 22), False),  # Christmas holiday
        (date(2026, 5, 4), False),  # bank holiday in term
        (date(2026, 5, 5), True),
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 11, 23), True),
    ],
)
def test_is_school_working_day(terms, day, expected):
    assert is_school_working_day(day) is expected


def test_term_key_for_day(terms):
    assert term_key_for_day(date(2025, 10, 29)) == "2025-26-autumn"  # half-term is inside the term
    assert term_key_for_day(date(2026, 11, 23)) == "2026-27-autumn"
    assert term_key_for_day(date(2026, 8, 10)) is None


def test_a_school_row_overrides_the_trusts(terms, cast):
    make_terms(
        [
            (
                "2025-26",
                "autumn",
                date(2025, 9, 3),
                date(2025, 12, 19),
                date(2025, 10, 20),
                date(2025, 10, 31),
            )
        ],
        school=cast.school_a,
    )
    own = term_dates("2025-26-autumn", cast.school_a)
    assert own.first_day == date(2025, 9, 3) and own.half_term_first_day == date(2025, 10, 20)
    assert term_dates("2025-26-autumn", cast.school_b).first_day == date(2025, 9, 1)
    assert term_dates("2025-26-autumn").first_day == date(2025, 9, 1)
    assert not is_school_working_day(date(2025, 10, 22), cast.school_a)
    assert is_school_working_day(date(2025, 10, 22), cast.school_b)
    # Two weeks of half-term and two fewer days at the start.
    assert len(school_working_days("2025-26-autumn", cast.school_a)) == 80 - 2 - 10
    # The school's other terms still come from the trust.
    assert term_dates("2025-26-spring", cast.school_a.pk).first_day == date(2026, 1, 5)


def test_without_term_dates_no_day_is_a_working_day(db):
    assert term_dates("2025-26-autumn") is None
    assert school_working_days("2025-26-autumn") == []
    assert not is_school_working_day(date(2025, 11, 3))


def test_calendar_reads_in_one_query(terms, cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        school_working_days("2025-26-summer", cast.school_a)
    Term.objects.filter(academic_year="2026-27").delete()
    with django_assert_num_queries(1):
        day = date(2025, 9, 1)
        while day < date(2025, 9, 30):
            day += timedelta(days=1)
        is_school_working_day(day, cast.school_a)
