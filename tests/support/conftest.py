from datetime import date

import pytest

from school_calendar.models import Term

TERMS = [
    ("2025-26", "spring", date(2026, 1, 5), date(2026, 3, 27)),
    ("2025-26", "summer", date(2026, 4, 13), date(2026, 7, 20)),
    ("2026-27", "autumn", date(2026, 9, 1), date(2026, 12, 18)),
    ("2026-27", "spring", date(2027, 1, 4), date(2027, 3, 25)),
]


@pytest.fixture
def terms(db):
    return [
        Term.objects.create(academic_year=year, term=term, first_day=first, last_day=last)
        for year, term, first, last in TERMS
    ]
