"""The charters' measure for surveys: how many rounds were held this academic year."""

from datetime import date

from django.db.models import Q

from charters.measures import MeasureResult, register_measure
from surveys.models import Round

PLEDGED_PER_YEAR = 2


def _academic_year_start(today: date) -> date:
    return date(today.year if today.month >= 9 else today.year - 1, 9, 1)


@register_measure("surveys_held_this_year", "Staff surveys held this academic year")
def surveys_held_this_year(*, school, today) -> MeasureResult:
    start = _academic_year_start(today)
    rounds = Round.objects.filter(
        published=True, imported=False, opens_at__date__gte=start, opens_at__date__lte=today
    ).exclude(kind=Round.Kind.PULSE)  # a pulse is not one of the surveys the pledge counts
    if school is not None:
        rounds = rounds.filter(Q(whole_trust=True) | Q(schools=school)).distinct()
    held = rounds.filter(closes_at__date__lte=today).count()
    running = rounds.filter(closes_at__date__gt=today).count()
    total = held + running
    if total >= PLEDGED_PER_YEAR:
        status = "on_track"
    elif today.month in (7, 8):
        status = "off_track"  # the summer holiday: no second round can be held this year
    elif total == 1 or today.month in (9, 10, 11, 12):
        status = "on_track" if total == 1 else "at_risk"
    else:
        status = "at_risk" if today.month <= 3 else "off_track"
    detail = (
        f"{held} closed and {running} open since {start:%-d %B %Y}; "
        f"the pledge is {PLEDGED_PER_YEAR} a year."
    )
    return MeasureResult(value=str(total), status=status, detail=detail)


# HSE's Management Standards guidance reads response rates in bands of 50/60/70/80%.
HSE_BANDS = (80, 70, 60, 50)


def response_rate_band(pct: float) -> str:
    for floor in HSE_BANDS:
        if pct >= floor:
            return f"{floor}% or more" if floor == 80 else f"{floor}–{floor + 10}%"
    return "below 50%"


@register_measure("survey_response_rate", "Response rate of the latest staff survey (HSE bands)")
def survey_response_rate(*, school, today) -> MeasureResult:
    """The latest closed full round's response rate as its final release shows it: on track at 60%
    or more (HSE: results can be relied on), at risk from 50%, off track below."""
    from surveys.models import RoundResults
    from surveys.summaries import _summary

    stored = (
        RoundResults.objects.filter(
            round__published=True,
            round__imported=False,
            round__kind=Round.Kind.FULL,
            round__closes_at__date__lte=today,
        )
        .select_related("round")
        .order_by("-round__closes_at")
        .first()
    )
    if stored is None:
        return MeasureResult("no closed survey yet", None)
    summary = _summary(stored.data, school.urn if school is not None else None)
    if summary["response_rate_pct"] is None:
        return MeasureResult(
            "too few responses to show", None, f"{stored.round.title}: hidden for anonymity."
        )
    pct = summary["response_rate_pct"]
    status = "on_track" if pct >= 60 else ("at_risk" if pct >= 50 else "off_track")
    return MeasureResult(
        f"{pct:.0f}% ({response_rate_band(pct)})",
        status,
        f"{stored.round.title}, closed {stored.round.closed_on:%-d %B %Y}. HSE bands: below 50% "
        "is too low to rely on; 60% or more is good.",
    )
