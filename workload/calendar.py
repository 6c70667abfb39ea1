"""The school calendar: the one working-day module every app uses.

England bank holidays come from the `holidays` library with subdiv="ENG" (without it Easter
Monday and the August bank holiday are missing). Term dates are data (workload.models.Term): the
trust's rows, each overridden by a school's own row for the same academic year and term.

A school working day is a Monday to Friday inside a term, outside its half-term break and not an
England bank holiday. INSET days fall inside the term and are working days for staff.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

TERMS = ("autumn", "spring", "summer")
_KEY = re.compile(r"^(\d{4})-(\d{2})-(autumn|spring|summer)$")
_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


@lru_cache(maxsize=64)
def _bank_holidays_for_year(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays_for_year(day.year)


def bank_holidays_between(first: date, last: date) -> set[date]:
    found: set[date] = set()
    for year in range(first.year, last.year + 1):
        found.update(d for d in _bank_holidays_for_year(year) if first <= d <= last)
    return found


# --- term keys -------------------------------------------------------------------------------


def _check_academic_year(academic_year: str) -> int:
    match = _YEAR.match(academic_year or "")
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"{academic_year!r} is not an academic year like 2025-26")
    return int(match.group(1))


def parse_term_key(key: str) -> tuple[str, str]:
    """'2025-26-spring' -> ('2025-26', 'spring'); ValueError on anything else."""
    match = _KEY.match((key or "").strip())
    if not match:
        raise ValueError(f"{key!r} is not a term like 2025-26-spring")
    academic_year = f"{match.group(1)}-{match.group(2)}"
    _check_academic_year(academic_year)
    return academic_year, match.group(3)


def term_key(academic_year: str, term: str) -> str:
    _check_academic_year(academic_year)
    if term not in TERMS:
        raise ValueError(f"{term!r} is not one of: {', '.join(TERMS)}")
    return f"{academic_year}-{term}"


def _year_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def academic_year_for(day: date) -> str:
    """The academic year (1 September to 31 August) a day belongs to, e.g. '2026-27'."""
    return _year_label(day.year if day.month >= 9 else day.year - 1)


def previous_term_key(key: str) -> str:
    academic_year, term = parse_term_key(key)
    index = TERMS.index(term)
    if index > 0:
        return term_key(academic_year, TERMS[index - 1])
    return term_key(_year_label(int(academic_year[:4]) - 1), "summer")


def same_term_last_year_key(key: str) -> str:
    academic_year, term = parse_term_key(key)
    return term_key(_year_label(int(academic_year[:4]) - 1), term)


# --- term dates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TermDates:
    first_day: date
    last_day: date
    half_term_first_day: date | None
    half_term_last_day: date | None

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def in_half_term(self, day: date) -> bool:
        return (
            self.half_term_first_day is not None
            and self.half_term_last_day is not None
            and self.half_term_first_day <= day <= self.half_term_last_day
        )

    def working_days(self) -> list[date]:
        bank = bank_holidays_between(self.first_day, self.last_day)
        days = []
        day = self.first_day
        while day <= self.last_day:
            if day.weekday() < 5 and day not in bank and not self.in_half_term(day):
                days.append(day)
            day += timedelta(days=1)
        return days


def _school_id(school) -> int | None:
    if school is None:
        return None
    return school if isinstance(school, int) else school.pk


_TERM_FIELDS = (
    "academic_year",
    "term",
    "school_id",
    "first_day",
    "last_day",
    "half_term_first_day",
    "half_term_last_day",
)
# Every term row and the calendars built from them, while a terms_loaded_once() block runs.
_SHARED_ROWS: ContextVar[list | None] = ContextVar("shared_term_rows", default=None)
_SHARED_CALENDARS: ContextVar[dict | None] = ContextVar("shared_calendars", default=None)


@contextmanager
def terms_loaded_once():
    """Within the block every calendar answers from the term rows loaded once at its start.

    For work that asks for many schools' dates (a report build): one query, not one per school.
    """
    from workload.models import Term

    token = _SHARED_ROWS.set(list(Term.objects.values_list(*_TERM_FIELDS)))
    calendars = _SHARED_CALENDARS.set({})
    try:
        yield
    finally:
        _SHARED_CALENDARS.reset(calendars)
        _SHARED_ROWS.reset(token)


def _term_rows(school_id: int | None) -> list:
    shared = _SHARED_ROWS.get()
    if shared is not None:
        return [row for row in shared if row[2] is None or row[2] == school_id]
    from workload.models import Term

    rows = Term.objects.filter(school__isnull=True)
    if school_id is not None:
        rows = Term.objects.filter(school__isnull=True) | Term.objects.filter(school_id=school_id)
    return list(rows.values_list(*_TERM_FIELDS))


class SchoolCalendar:
    """Every term of one school (or the trust), loaded in one query and answered from memory."""

    def __init__(self, school=None):
        self.school_id = _school_id(school)
        chosen: dict[str, tuple[bool, TermDates]] = {}
        for row in _term_rows(self.school_id):
            own = row[2] is not None
            key = f"{row[0]}-{row[1]}"
            if key in chosen and chosen[key][0] and not own:
                continue
            chosen[key] = (own, TermDates(*row[3:]))
        self.terms: dict[str, TermDates] = {key: dates for key, (_, dates) in chosen.items()}
        self._ordered = sorted(self.terms.items(), key=lambda item: item[1].first_day)

    def term_dates(self, key: str) -> TermDates | None:
        parse_term_key(key)
        return self.terms.get(key)

    def term_key_for_day(self, day: date) -> str | None:
        for key, dates in self._ordered:
            if dates.contains(day):
                return key
        return None

    def is_working_day(self, day: date) -> bool:
        if day.weekday() >= 5 or is_bank_holiday(day):
            return False
        key = self.term_key_for_day(day)
        return key is not None and not self.terms[key].in_half_term(day)

    def working_days(self, key: str) -> list[date]:
        dates = self.term_dates(key)
        return dates.working_days() if dates else []

    def working_days_between(self, first: date, last: date) -> list[date]:
        days, day = [], first
        while day <= last:
            if self.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days


def _calendar_for(school) -> SchoolCalendar:
    """The school's calendar: built once per terms_loaded_once() block, else each time."""
    shared = _SHARED_CALENDARS.get()
    if shared is None:
        return SchoolCalendar(school)
    school_id = _school_id(school)
    if school_id not in shared:
        shared[school_id] = SchoolCalendar(school_id)
    return shared[school_id]


def term_dates(key: str, school=None) -> TermDates | None:
    """The term's dates for the school (its own row, else the trust's); None when not entered."""
    return _calendar_for(school).term_dates(key)


def school_working_days(key: str, school=None) -> list[date]:
    """Mondays to Fridays in the term, outside half-term, not England bank holidays."""
    return _calendar_for(school).working_days(key)


def is_school_working_day(day: date, school=None) -> bool:
    return _calendar_for(school).is_working_day(day)


def term_key_for_day(day: date, school=None) -> str | None:
    return _calendar_for(school).term_key_for_day(day)
