"""Charter measures from support: first-aider coverage and exit interviews offered."""

from datetime import date

from charters.measures import MeasureResult, register_measure
from support import selectors


@register_measure("schools_with_first_aider", "Schools with a mental health first aider")
def schools_with_first_aider(*, school, today: date) -> MeasureResult:
    if school is not None:
        count = selectors.coverage(schools=[school], today=today)["rows"][0]["first_aiders"]
        status = "on_track" if count else "off_track"
        return MeasureResult(f"{count} trained first aider{'s' if count != 1 else ''}", status)
    covered, total = selectors.schools_with_first_aider(today=today)
    if not total:
        return MeasureResult("no schools", None)
    status = (
        "on_track" if covered == total else ("at_risk" if covered * 2 >= total else "off_track")
    )
    return MeasureResult(
        f"{covered} of {total} schools", status, "first aiders trained and not lapsed"
    )


@register_measure("exit_interviews_offered", "Leavers offered an exit interview")
def exit_interviews_offered(*, school, today: date) -> MeasureResult:
    # The academic year runs from 1 September (DOMAIN.md).
    start = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    offered, total = selectors.leavers_offered(first=start, last=today, school=school)
    if not total:
        return MeasureResult("no leavers yet this year", None)
    share = offered / total
    status = "on_track" if share == 1 else ("at_risk" if share >= 0.8 else "off_track")
    return MeasureResult(f"{offered} of {total} leavers", status, "leavers this academic year")
