"""The workload app's charter measures (registered from WorkloadConfig.ready)."""

from charters.measures import MeasureResult, register_measure
from school_calendar.terms import academic_year_for, term_dates, term_key_for_day
from workload.selectors import workload_indicators


def _term(school, today):
    key = term_key_for_day(today, school)
    if key is None:  # in a holiday: the term just ended
        from school_calendar.terms import SchoolCalendar

        calendar = SchoolCalendar(school)
        past = [(d.last_day, k) for k, d in calendar.terms.items() if d.last_day <= today]
        key = max(past)[1] if past else None
    return key


@register_measure("meetings_overran_this_term", "Meetings that overran this term")
def meetings_overran_this_term(*, school, today):
    key = _term(school, today)
    if key is None:
        return MeasureResult(
            value="no term dates", status=None, detail="Enter term dates to measure this."
        )
    figures = workload_indicators(term_key=key, school=school)
    overran, total = figures["meetings_overran"], figures["meetings"]
    status = "on_track" if overran == 0 else ("at_risk" if overran * 10 <= total else "off_track")
    dates = term_dates(key, school)
    return MeasureResult(
        value=f"{overran} of {total}",
        status=status,
        detail=f"Meetings from {dates.first_day:%-d %b %Y} that ran past their published finish.",
    )


@register_measure(
    "out_of_hours_notifications", "Portal notifications sent in email quiet hours this term"
)
def out_of_hours_notifications(*, school, today):
    key = _term(school, today)
    if key is None:
        return MeasureResult(
            value="no term dates", status=None, detail="Enter term dates to measure this."
        )
    count = workload_indicators(term_key=key, school=school)["out_of_hours_notifications"]
    return MeasureResult(
        value=str(count),
        status="on_track" if count == 0 else "at_risk",
        detail="Only urgent mail (sign-in, password reset, safeguarding) may go in quiet hours.",
    )


@register_measure("data_drops_this_year", "Data drops this year against the maximum")
def data_drops_this_year(*, school, today):
    from workload.models import DataDrop
    from workload.rules import rules_for

    academic_year = academic_year_for(today)
    if school is None:
        figures = workload_indicators(term_key=f"{academic_year}-autumn", school=None)
        count, limit = figures["data_drops_this_year"], figures["data_drop_limit"]
        over = 0
        if limit:
            from django.db.models import Count

            per_school = (
                DataDrop.objects.filter(academic_year=academic_year)
                .values("school")
                .annotate(n=Count("pk"))
            )
            over = sum(
                1 for row in per_school if row["n"] > rules_for(row["school"]).max_data_drops
            )
        return MeasureResult(
            value=f"{count} across schools (limit {limit or 0})",
            status="on_track" if over == 0 else "off_track",
            detail=f"{over} school(s) over their yearly maximum."
            if over
            else "Every school within its maximum.",
        )
    count = DataDrop.objects.filter(school=school, academic_year=academic_year).count()
    limit = rules_for(school).max_data_drops
    status = "on_track" if count <= limit else "off_track"
    return MeasureResult(
        value=f"{count} of {limit}", status=status, detail=f"Academic year {academic_year}."
    )


@register_measure("directed_time_within_budget", "Teachers within 1265 hours of directed time")
def directed_time_within_budget(*, school, today):
    """On track when no teacher's planned directed time is over their budget (1265 hours × FTE)
    this academic year; at risk when someone is within 5% of it."""
    from workload.selectors import directed_time, teachers

    academic_year = academic_year_for(today)
    rows = directed_time(staff=list(teachers(school=school, on=today)), academic_year=academic_year)
    if not rows:
        return MeasureResult("no teachers", None)
    over = sum(1 for row in rows if row.over_budget)
    close = sum(1 for row in rows if not row.over_budget and row.planned >= row.budget * 95 / 100)
    status = "off_track" if over else ("at_risk" if close else "on_track")
    return MeasureResult(
        f"{over} of {len(rows)} teachers over budget",
        status,
        f"Meetings and directed events planned in {academic_year} against 1265 hours × FTE; "
        f"{close} within 5% of their budget.",
    )
