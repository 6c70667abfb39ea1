"""A trust of two schools with absence in spring and summer 2026, reports built for both."""

from datetime import date

from django.core.management import call_command

from people.models import Trust
from tests.absence.world import SPRING, SUMMER, person, spell, terms


def staffed(cast, *, teachers_a: int = 4, teachers_b: int = 2) -> dict:
    """School A has enough staff to be shown (minimum group 3); school B is too small."""
    Trust.objects.filter(pk=cast.trust.pk).update(min_group_size=3)
    terms()
    a = [person(cast.school_a) for _ in range(teachers_a)]
    b = [person(cast.school_b) for _ in range(teachers_b)]
    spell(a[0], "A1", date(2026, 1, 12), date(2026, 1, 16), reason="mental_health")  # spring: 5
    spell(a[1], "A2", date(2026, 5, 4), date(2026, 5, 8))  # summer: 4 (4 May bank holiday)
    spell(b[0], "B1", date(2026, 6, 1), date(2026, 6, 2))
    return {"a": a, "b": b}


def built(cast) -> dict:
    staff = staffed(cast)
    call_command("build_termly_report", "--term", SPRING)
    call_command("build_termly_report", "--term", SUMMER)
    return staff
