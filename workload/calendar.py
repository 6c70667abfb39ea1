"""The school calendar: the one working-day module every app uses.

England bank holidays come from the `holidays` library with subdiv="ENG" (without it Easter
Monday and the August bank holiday are missing).
"""

from datetime import date
from functools import lru_cache

import holidays


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
