"""Email-hours figures for a term: messages sent in and outside quiet hours per sender group,
hidden where fewer than the minimum group size of people sent them."""

from collections import defaultdict
from datetime import timedelta

from email_hours.models import EmailTraceUpload, EmailWeek, SenderGroup
from people import anonymity
from people.models import Trust
from school_calendar.terms import term_dates

GROUPS = [g.value for g in SenderGroup]


def _share(quiet: int, total: int) -> float | None:
    return 100 * quiet / total if total else None


_HIDDEN = {"messages": None, "quiet_hours": None, "quiet_share_pct": None, "suppressed": True}


def _cell(rows: list[dict], k: int) -> dict:
    """Totals of week rows. Its people: the most senders in any one week (weekly senders are
    all that is kept, and the largest is the fewest people the figure can stand for)."""
    by_week: dict = defaultdict(int)
    in_hours = quiet = 0
    for row in rows:
        by_week[row["week_start"]] += row["senders"]
        in_hours += row["in_hours"]
        quiet += row["quiet_hours"]
    people = max(by_week.values(), default=0)
    if people == 0:
        return {**_HIDDEN, "none": True}
    if people < k:
        return {"messages": None, "quiet_hours": None, "quiet_share_pct": None,
                "suppressed": True}  # fmt: skip
    total = in_hours + quiet
    return {
        "messages": total,
        "quiet_hours": quiet,
        "quiet_share_pct": _share(quiet, total),
        "suppressed": False,
    }


def term_weeks(term_key: str) -> list[dict] | None:
    """Week rows of a term, every school: the weeks starting from the Monday of the trust's
    first day of term to its last day (half-term included: quiet hours cover holidays too).
    None when the term has no dates."""
    dates = term_dates(term_key)
    if dates is None:
        return None
    monday = dates.first_day - timedelta(days=dates.first_day.weekday())
    return list(
        EmailWeek.objects.filter(week_start__gte=monday, week_start__lte=dates.last_day).values(
            "week_start", "school_id", "group", "senders", "in_hours", "quiet_hours"
        )
    )


def _people(rows: list[dict]) -> int:
    by_week: dict = defaultdict(int)
    for row in rows:
        by_week[row["week_start"]] += row["senders"]
    return max(by_week.values(), default=0)


def figures_of(rows: list[dict], k: int) -> dict | None:
    """{"groups": {group: cell}, "central_and_leaders": cell, "all": cell, "weeks": N} of some
    week rows; None when there are none."""
    if not rows:
        return None
    by_group: dict = defaultdict(list)
    for row in rows:
        by_group[row["group"]].append(row)
    groups = {group: _cell(by_group.get(group, []), k) for group in GROUPS}
    sizes = {group: _people(by_group.get(group, [])) for group in GROUPS}
    # One group hidden while the others and the total show could be worked out: hide more.
    for group in anonymity.small_groups_hidden(sizes, k):
        if sizes[group]:  # a group with no senders stays "none sent"
            groups[group] = dict(_HIDDEN)
    leading = by_group[SenderGroup.CENTRAL] + by_group[SenderGroup.LEADERS]
    return {
        "groups": groups,
        "central_and_leaders": _cell(leading, k),
        "all": _cell(rows, k),
        "weeks": len({row["week_start"] for row in rows}),
    }


def term_figures(term_key: str, schools=(), *, k: int | None = None) -> dict | None:
    """Figures of a term: {"trust": figures, "schools": {school id: figures or None}}, in two
    queries; None when no trace covers the term. Schools form one family under the trust (the
    central team a member never shown alone): when one school is hidden, so is the next
    smallest, so no school can be worked out from the trust's total."""
    k = k or Trust.current().min_group_size
    rows = term_weeks(term_key)
    if not rows:
        return None
    by_school: dict = defaultdict(list)
    for row in rows:
        by_school[row["school_id"]].append(row)
    sizes = {school.pk: _people(by_school.get(school.pk, [])) for school in schools}
    sizes["central"] = _people(by_school.get(None, []))
    hidden = anonymity.small_groups_hidden(sizes, k, unshown={"central"})
    return {
        "trust": figures_of(rows, k),
        "schools": {
            school.pk: _hidden(k) if school.pk in hidden else figures_of(by_school[school.pk], k)
            for school in schools
        },
    }


def _hidden(k: int) -> dict:
    cell = dict(_HIDDEN)
    return {
        "groups": {group: cell for group in GROUPS},
        "central_and_leaders": cell,
        "all": cell,
        "weeks": None,
    }


def latest_uploads(limit: int = 10):
    return EmailTraceUpload.objects.select_related("uploaded_by")[:limit]
