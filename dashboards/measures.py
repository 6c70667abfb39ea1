"""The charter measure for the termly report to trustees."""

from datetime import date, timedelta

from charters.measures import MeasureResult, register_measure
from school_calendar.terms import SchoolCalendar

GRACE_DAYS = 21


@register_measure("termly_report_to_trustees", "The termly wellbeing report delivered to trustees")
def termly_report_to_trustees(*, school, today: date) -> MeasureResult:
    """On track when the last ended term's report is built (trustees read it in the portal);
    at risk for three weeks after the term ends, off track after."""
    from dashboards.models import TermlyReport

    ended = [(d.last_day, k) for k, d in SchoolCalendar().terms.items() if d.last_day < today]
    if not ended:
        return MeasureResult("no term ended yet", None)
    last_day, key = max(ended)
    report = TermlyReport.objects.filter(term_key=key).order_by("built_at").first()
    if report is not None:
        return MeasureResult(
            f"{key} delivered", "on_track", f"First built {report.built_at:%-d %B %Y}."
        )
    late = today > last_day + timedelta(days=GRACE_DAYS)
    return MeasureResult(
        f"{key} not built yet",
        "off_track" if late else "at_risk",
        f"Due within {GRACE_DAYS} days of the term's end ({last_day:%-d %B %Y}).",
    )
