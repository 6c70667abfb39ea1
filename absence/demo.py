"""Demo absence: two years of spells with realistic patterns."""

import random
from datetime import date, timedelta

from absence.models import AbsenceCategory, AbsenceRecord
from people.models import StaffMember

REASONS = [
    "mental_health",
    "musculoskeletal",
    "infection",
    "injury",
    "long_term_condition",
    "other",
]
REASON_WEIGHTS = [22, 14, 44, 6, 4, 10]


def _spells(rng: random.Random, staff, first: date, last: date):
    """Spells for one person: more in winter, a few long-term, about a fifth for mental health."""
    start = max(first, staff.start_date)
    end = min(last, staff.end_date) if staff.end_date else last
    day = start + timedelta(days=rng.randint(0, 60))
    number = 0
    while day < end:
        winter = day.month in (11, 12, 1, 2, 3)
        if rng.random() < (0.55 if winter else 0.3):
            number += 1
            category, reason = AbsenceCategory.SIC, rng.choices(REASONS, REASON_WEIGHTS)[0]
            length = 1 + int(rng.expovariate(1 / (3.2 if winter else 2.2)))
            if rng.random() < 0.04:
                length = rng.randint(28, 75)
                reason = rng.choice(["mental_health", "long_term_condition", "musculoskeletal"])
            elif rng.random() < 0.12:
                category, reason, length = rng.choice(["TRN", "OTH", "PUB"]), "", rng.randint(1, 2)
            spell_end = min(day + timedelta(days=length - 1), end)
            yield number, day, spell_end, category, reason, rng.random() < 0.04
            day = spell_end + timedelta(days=1)
        day += timedelta(days=rng.randint(14, 60))


def seed(world) -> None:
    if AbsenceRecord.objects.filter(record_id__startswith="DEMO-").exists():
        return
    rng = random.Random(606)
    last = world.today - timedelta(days=1)
    first = date(last.year - 2, last.month, 1)
    records = []
    for staff in StaffMember.objects.order_by("staff_id"):
        for number, start, end, category, reason, half in _spells(rng, staff, first, last):
            records.append(
                AbsenceRecord(
                    record_id=f"DEMO-{staff.staff_id}-{number:03d}",
                    staff=staff,
                    start_date=start,
                    end_date=end,
                    category=category,
                    reason=reason,
                    start_half_day=half,
                )
            )
    AbsenceRecord.objects.bulk_create(records, batch_size=2000)
