"""The charter measure for the termly "you said, we did" newsletter."""

from datetime import date, timedelta

from charters.measures import MeasureResult, register_measure
from school_calendar.terms import SchoolCalendar, term_key_for_day

DUE_WEEKS_BEFORE_END = 2


@register_measure("termly_newsletter_published", "A staff newsletter published every term")
def termly_newsletter_published(*, school, today: date) -> MeasureResult:
    """The newsletter is trust-wide. On track once this term's is published; at risk in the
    last two weeks of term without it; off track when the last term ended without one."""
    from actions.models import Newsletter

    calendar = SchoolCalendar()
    current = term_key_for_day(today)
    ended = [(d.last_day, k) for k, d in calendar.terms.items() if d.last_day < today]
    last_ended = max(ended)[1] if ended else None
    published = set(
        Newsletter.objects.filter(state=Newsletter.State.PUBLISHED).values_list(
            "term_key", flat=True
        )
    )
    if current is None and last_ended is None:
        return MeasureResult("no term dates", None, "Enter term dates to measure this.")
    if current in published:
        return MeasureResult(f"published for {current}", "on_track")
    if last_ended is not None and last_ended not in published and current is None:
        return MeasureResult(f"none for {last_ended}", "off_track", "The term ended without one.")
    detail = f"Not yet published for {current}."
    if last_ended is not None:
        detail += f" {last_ended}: {'published' if last_ended in published else 'none'}."
    due = calendar.terms[current].last_day - timedelta(weeks=DUE_WEEKS_BEFORE_END)
    return MeasureResult(
        f"not yet for {current}", "at_risk" if today >= due else "on_track", detail
    )
