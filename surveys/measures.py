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
    )
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
