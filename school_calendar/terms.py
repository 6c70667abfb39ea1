"""The school calendar: the one working-day module every app uses.

England bank holidays come from the `holidays` library with subdiv="ENG" (without it Easter
Monday and the August bank holiday are missing). Term dates are data (workload.models.Term): the
trust's rows, each overridden by a school's own row for the same academic year and term.

A school working day is a Monday to Friday inside a term, outside its half-term break and not an
England bank holiday. INSET days fall inside the term and are working days for staff.
"""

import re
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
    term = SchoolTerm.parse(key)
    return term.academic_year, term.name


def term_key(academic_year: str, term: str) -> str:
    return SchoolTerm.of(academic_year, term).key


def _year_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def academic_year_for(day: date) -> str:
    """The academic year (1 September to 31 August) a day belongs to, e.g. '2026-27'."""
    return _year_label(day.year if day.month >= 9 else day.year - 1)


def previous_term_key(key: str) -> str:
    return SchoolTerm.parse(key).previous.key


def same_term_last_year_key(key: str) -> str:
    return SchoolTerm.parse(key).same_term_last_year.key


# --- a term as a value ---------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class SchoolTerm:
    """One term of an academic year, e.g. the spring term of 2025-26 ("2025-26-spring").

    Parsed once where a term enters (a URL's query, a command's argument, a form field) and passed
    on as this value: it knows its key, its dates in a calendar, the term before it and the same
    term a year earlier. Ordered by time.
    """

    start_year: int  # 2025 for 2025-26
    index: int  # 0 autumn, 1 spring, 2 summer

    def __post_init__(self):
        if not 0 <= self.index < len(TERMS) or not 1900 <= self.start_year <= 9998:
            raise ValueError(f"no such term: {self.start_year} {self.index}")

    @classmethod
    def parse(cls, key: str) -> "SchoolTerm":
        """'2025-26-spring' -> SchoolTerm; ValueError (saying what is expected) on anything else."""
        match = _KEY.match((key or "").strip())
        if not match:
            raise ValueError(f"{key!r} is not a term like 2025-26-spring")
        start = _check_academic_year(f"{match.group(1)}-{match.group(2)}")
        return cls(start, TERMS.index(match.group(3)))

    @classmethod
    def of(cls, academic_year: str, name: str) -> "SchoolTerm":
        if name not in TERMS:
            raise ValueError(f"{name!r} is not one of: {', '.join(TERMS)}")
        return cls(_check_academic_year(academic_year), TERMS.index(name))

    @property
    def academic_year(self) -> str:
        return _year_label(self.start_year)

    @property
    def name(self) -> str:
        return TERMS[self.index]

    @property
    def key(self) -> str:
        return f"{self.academic_year}-{self.name}"

    def __str__(self) -> str:
        return self.key

    @property
    def label(self) -> str:
        return f"{self.name.capitalize()} {self.academic_year}"

    @property
    def previous(self) -> "SchoolTerm":
        if self.index:
            return SchoolTerm(self.start_year, self.index - 1)
        return SchoolTerm(self.start_year - 1, len(TERMS) - 1)

    @property
    def same_term_last_year(self) -> "SchoolTerm":
        return SchoolTerm(self.start_year - 1, self.index)

    @property
    def year_to_date(self) -> list["SchoolTerm"]:
        """The terms of its academic year up to and including this one."""
        return [SchoolTerm(self.start_year, i) for i in range(self.index + 1)]

    def dates(self, school=None) -> "TermDates | None":
        """Its dates for the school (its own row, else the trust's); None when not entered."""
        return SchoolCalendar(school).terms.get(self.key)


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


class SchoolCalendar:
    """Every term of one school (or the trust), loaded in one query and answered from memory."""

    def __init__(self, school=None):
        from school_calendar.models import Term

        self.school_id = _school_id(school)
        rows = Term.objects.filter(school__isnull=True)
        if self.school_id is not None:
            rows = Term.objects.filter(school__isnull=True) | Term.objects.filter(
                school_id=self.school_id
            )
        chosen: dict[str, tuple[bool, TermDates]] = {}
        for row in rows.values_list(
            "academic_year",
            "term",
            "school_id",
            "first_day",
            "last_day",
            "half_term_first_day",
            "half_term_last_day",
        ):
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


def term_dates(key: str, school=None) -> TermDates | None:
    """The term's dates for the school (its own row, else the trust's); None when not entered."""
    return SchoolCalendar(school).term_dates(key)


def school_working_days(key: str, school=None) -> list[date]:
    """Mondays to Fridays in the term, outside half-term, not England bank holidays."""
    return SchoolCalendar(school).working_days(key)


def is_school_working_day(day: date, school=None) -> bool:
    return SchoolCalendar(school).is_working_day(day)


def term_key_for_day(day: date, school=None) -> str | None:
    return SchoolCalendar(school).term_key_for_day(day)


def current_term(today: date | None = None) -> SchoolTerm:
    """The one "current term" of the portal, by the trust's calendar: the term today falls in;
    between terms, the latest term of today's academic year that has begun; before any (or with
    no dates entered), the academic year's autumn term."""
    from django.utils import timezone

    today = today or timezone.localdate()
    calendar = SchoolCalendar()
    key = calendar.term_key_for_day(today)
    if key:
        return SchoolTerm.parse(key)
    autumn = SchoolTerm.of(academic_year_for(today), "autumn")
    begun = [
        term
        for term in SchoolTerm(autumn.start_year, len(TERMS) - 1).year_to_date
        if term.key in calendar.terms and calendar.terms[term.key].first_day <= today
    ]
    return begun[-1] if begun else autumn
