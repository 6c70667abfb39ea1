import random
from datetime import date

from people.demo import DemoWorld
from school_calendar.models import Term
from school_calendar.terms import term_dates
from workload import demo
from workload.models import DataDrop, DirectedEvent, ImpactAssessment, Meeting


def test_demo_is_realistic_and_idempotent(cast):
    world = DemoWorld(
        trust=cast.trust,
        schools={"141201": cast.school_a, "141202": cast.school_b},
        rng=random.Random(1),
        today=date(2026, 11, 23),
    )
    demo.seed(world)
    counts = [m.objects.count() for m in (Term, Meeting, DataDrop, DirectedEvent, ImpactAssessment)]
    demo.seed(world)
    assert [
        m.objects.count() for m in (Term, Meeting, DataDrop, DirectedEvent, ImpactAssessment)
    ] == counts
    assert term_dates("2025-26-spring").half_term_first_day == date(2026, 2, 16)
    assert term_dates("2026-27-summer").last_day == date(2027, 7, 21)
    assert Meeting.objects.filter(school=cast.school_a).exists()
    assert Meeting.objects.filter(overran_minutes__gt=0).exists()
    assert DataDrop.objects.exclude(override_reason="").exists()
