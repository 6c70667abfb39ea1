"""Demo pulses: one held in the spring half-term before the last summer survey (so the trend
charts join it with the full rounds), and the pulses of this year's half-terms still to come.
Runs after surveys.demo; idempotent (only when the demo has no pulse yet)."""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from people.models import StaffMember
from school_calendar.terms import academic_year_for
from surveys import pulse, services
from surveys.demo import _at, _fill
from surveys.models import Round


def _keys(source: Round) -> list[str]:
    questions = list(source.questions.exclude(kind="text"))
    keys = [q.key for q in questions if q.key in ("ons4_life_satisfaction", "ons4_anxiety")]
    keys += [q.key for q in questions if q.instrument_key == "hse-msit"][:3]
    keys += [q.key for q in questions if not q.instrument_key][:1]
    return keys


@transaction.atomic
def seed(world) -> None:
    if Round.objects.filter(kind=Round.Kind.PULSE).exists():
        return
    source = (
        Round.objects.filter(kind=Round.Kind.FULL, published=True, closes_at__lt=timezone.now())
        .order_by("-closes_at")
        .first()
    )
    if source is None:
        return
    keys = _keys(source)
    spring = date(source.closes_at.year, 3, 2)
    held = pulse.pulse_create(
        source=source,
        question_keys=keys,
        title=f"Pulse survey: spring {spring.year}",
        opens_at=_at(spring, 8),
        closes_at=_at(spring + timedelta(days=9), 17),
        publish=True,
    )
    held.invitations_sent = True
    held.save(update_fields=["invitations_sent"])
    staff = list(StaffMember.objects.select_related("school").order_by("staff_id"))
    _fill(held, [s for s in staff if s.start_date <= spring], random.Random(2027), drift=0.05)
    services.round_results_build(survey_round=held)
    pulse.pulses_schedule(
        source=source,
        question_keys=keys,
        academic_year=academic_year_for(world.today),
        now=timezone.now(),
    )
