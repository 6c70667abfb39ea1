from datetime import date

import pytest

from school_calendar.models import Term

# Real 2025-26 and 2026-27 English term dates (a typical local authority pattern). Each term's
# first day is an INSET day for staff.
TERMS_2025_26 = [
    (
        "2025-26",
        "autumn",
        date(2025, 9, 1),
        date(2025, 12, 19),
        date(2025, 10, 27),
        date(2025, 10, 31),
    ),
    (
        "2025-26",
        "spring",
        date(2026, 1, 5),
        date(2026, 3, 27),
        date(2026, 2, 16),
        date(2026, 2, 20),
    ),
    (
        "2025-26",
        "summer",
        date(2026, 4, 13),
        date(2026, 7, 20),
        date(2026, 5, 25),
        date(2026, 5, 29),
    ),
]
TERMS_2026_27 = [
    (
        "2026-27",
        "autumn",
        date(2026, 9, 1),
        date(2026, 12, 18),
        date(2026, 10, 26),
        date(2026, 10, 30),
    ),
    (
        "2026-27",
        "spring",
        date(2027, 1, 4),
        date(2027, 3, 25),
        date(2027, 2, 15),
        date(2027, 2, 19),
    ),
    (
        "2026-27",
        "summer",
        date(2027, 4, 12),
        date(2027, 7, 21),
        date(2027, 5, 31),
        date(2027, 6, 4),
    ),
]


def make_terms(rows, school=None):
    return [
        Term.objects.create(
            academic_year=year,
            term=term,
            first_day=first,
            last_day=last,
            half_term_first_day=half_first,
            half_term_last_day=half_last,
            school=school,
        )
        for year, term, first, last, half_first, half_last in rows
    ]


@pytest.fixture
def terms(db):
    return make_terms(TERMS_2025_26 + TERMS_2026_27)
