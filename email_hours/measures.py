"""The charter measure for email hours: "no email between 18:00 and 07:00 or in holidays"."""

from datetime import date

from charters.measures import MeasureResult, register_measure
from email_hours.selectors import term_figures
from school_calendar.terms import SchoolCalendar, previous_term_key, term_key_for_day

ON_TRACK_PCT = 2
AT_RISK_PCT = 5


def measured_term(today: date) -> str | None:
    """The term under way, or in a holiday the term just ended."""
    key = term_key_for_day(today)
    if key is None:
        past = [(d.last_day, k) for k, d in SchoolCalendar().terms.items() if d.last_day <= today]
        key = max(past)[1] if past else None
    return key


def _share_text(cell: dict | None) -> str | None:
    if cell is None or cell["suppressed"]:
        return None
    return f"{cell['quiet_share_pct']:.1f}%"


@register_measure("email_quiet_hours", "Email sent in quiet hours by the central team and leaders")
def email_quiet_hours(*, school, today: date) -> MeasureResult:
    """On track when at most 2% of internal email from the central team and leaders (a
    school's leaders, for a school) goes in quiet hours this term; at risk up to 5%."""
    key = measured_term(today)
    if key is None:
        return MeasureResult("no term dates", None, "Enter term dates to measure this.")
    figures = term_figures(key, [school] if school is not None else [])
    if figures is None:
        return MeasureResult(
            "no message trace", None, f"Upload a message trace covering {key} to measure this."
        )
    if school is None:
        cell = figures["trust"]["central_and_leaders"]
        who = "the central team and leaders"
    else:
        mine = figures["schools"].get(school.pk)
        cell = mine["groups"]["leaders"] if mine else None
        who = "the school's leaders"
    if cell is None or cell["suppressed"]:
        return MeasureResult(
            "too few people to show",
            None,
            f"Fewer senders among {who} than the minimum group size.",
        )
    share = cell["quiet_share_pct"]
    status = (
        "on_track"
        if share <= ON_TRACK_PCT
        else ("at_risk" if share <= AT_RISK_PCT else "off_track")
    )
    before = term_figures(previous_term_key(key), [school] if school is not None else [])
    earlier = None
    if before is not None:
        earlier = _share_text(
            before["trust"]["central_and_leaders"]
            if school is None
            else (before["schools"].get(school.pk) or {}).get("groups", {}).get("leaders")
        )
    detail = (
        f"{cell['quiet_hours']} of {cell['messages']} messages from {who} in {key} were sent in "
        f"quiet hours (each school's own hours and holidays); on track at {ON_TRACK_PCT}% or less."
    )
    if earlier:
        detail += f" Previous term: {earlier}."
    return MeasureResult(f"{share:.1f}%", status, detail)
