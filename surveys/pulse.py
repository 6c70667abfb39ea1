"""Pulse surveys: short rounds (at most PULSE_MAX_QUESTIONS questions) copied from a chosen set
of an earlier round's questions, one each half-term.

A pulse is an ordinary round of kind "pulse": it is answered, released and protected exactly like
a full round, and because its questions keep their keys (and its instrument items their
instrument), the trend charts join pulses and full rounds on every question they share.

Each half-term (the first half of a term runs from its first day to the day before its
half-term break, the second from the day after the break to its last day), a pulse opens at 08:00
a week after the half's first Monday and closes at 17:00 on the Wednesday of the following week
(ten days). A half that is too short for that, or whose pulse would already have opened, gets
none.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from school_calendar.quiet_hours import UK
from school_calendar.terms import SchoolCalendar, parse_term_key
from surveys.models import PULSE_MAX_QUESTIONS, Question, Round
from surveys.services import questions_copy, round_create

OPENS_AT = time(8, 0)
CLOSES_AT = time(17, 0)
OPEN_DAYS = 10


@dataclass(frozen=True)
class HalfTerm:
    term_key: str
    half: int  # 1 or 2
    first_day: date
    last_day: date

    @property
    def label(self) -> str:
        _year, term = parse_term_key(self.term_key)
        return f"{term.capitalize()} {self.half}, {self.term_key[:7]}"


def half_terms(academic_year: str) -> list[HalfTerm]:
    """The half-terms of an academic year by the trust's calendar, in order."""
    calendar = SchoolCalendar()
    out = []
    for key, dates in sorted(calendar.terms.items(), key=lambda item: item[1].first_day):
        if not key.startswith(academic_year):
            continue
        if dates.half_term_first_day and dates.half_term_last_day:
            out.append(
                HalfTerm(key, 1, dates.first_day, dates.half_term_first_day - timedelta(days=1))
            )
            out.append(
                HalfTerm(key, 2, dates.half_term_last_day + timedelta(days=1), dates.last_day)
            )
        else:
            out.append(HalfTerm(key, 1, dates.first_day, dates.last_day))
    return out


def pulse_window(half: HalfTerm) -> tuple[datetime, datetime] | None:
    """When the half-term's pulse opens and closes (see the module), or None if it cannot fit."""
    first_monday = half.first_day + timedelta(days=(7 - half.first_day.weekday()) % 7)
    monday = first_monday + timedelta(weeks=1)
    closes = monday + timedelta(days=OPEN_DAYS - 1)
    if closes > half.last_day:
        return None
    return (
        datetime.combine(monday, OPENS_AT, tzinfo=UK),
        datetime.combine(closes, CLOSES_AT, tzinfo=UK),
    )


def _chosen(source: Round, question_keys: list[str]) -> list[Question]:
    questions = {q.key: q for q in source.questions.all()}
    keys = list(dict.fromkeys(question_keys))
    if not keys:
        raise ValidationError("Choose the questions the pulse repeats.")
    unknown = [key for key in keys if key not in questions]
    if unknown:
        raise ValidationError(f"{source.title} has no question {', '.join(unknown)}.")
    if len(keys) > PULSE_MAX_QUESTIONS:
        raise ValidationError(
            f"A pulse survey has at most {PULSE_MAX_QUESTIONS} questions; {len(keys)} were chosen."
        )
    return [questions[key] for key in keys]


@transaction.atomic
def pulse_create(
    *, source: Round, question_keys: list[str], title: str, opens_at, closes_at, publish=False
) -> Round:
    """A pulse round repeating the chosen questions of source (same keys, text and scales)."""
    chosen = _chosen(source, question_keys)
    pulse = round_create(
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        whole_trust=source.whole_trust,
        schools=list(source.schools.all()),
        min_group_size=source.min_group_size,
        comment_min_group_size=source.comment_min_group_size,
        reminder_every_days=source.reminder_every_days,
    )
    pulse.kind = Round.Kind.PULSE
    pulse.copied_from = source
    used = {q.instrument_key for q in chosen if q.instrument_key}
    pulse.instruments = {k: v for k, v in source.instruments.items() if k in used}
    pulse.published = publish
    pulse.save(update_fields=["kind", "copied_from", "instruments", "published"])
    questions_copy(source=source, target=pulse, questions=chosen)
    return pulse


@transaction.atomic
def pulses_schedule(
    *, source: Round, question_keys: list[str], academic_year: str, now: datetime
) -> list[Round]:
    """One pulse per half-term of the year that has not begun and has none yet, opened
    (published) so it starts on its own; returns the new rounds."""
    _chosen(source, question_keys)
    halves = half_terms(academic_year)
    if not halves:
        raise ValidationError(f"Enter the term dates of {academic_year} to schedule pulses.")
    existing = list(Round.objects.filter(kind=Round.Kind.PULSE).values_list("opens_at", flat=True))
    created = []
    for half in halves:
        window = pulse_window(half)
        if window is None or window[0] <= now:
            continue
        if any(half.first_day <= o.astimezone(UK).date() <= half.last_day for o in existing):
            continue
        created.append(
            pulse_create(
                source=source,
                question_keys=question_keys,
                title=f"Pulse survey: {half.label}",
                opens_at=window[0],
                closes_at=window[1],
                publish=True,
            )
        )
    return created
