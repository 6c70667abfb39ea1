"""Workload indicators for every school of a report at once (workload_indicators, batched).

The per-school figures are those of workload.selectors.workload_indicators, counted with one
grouped query per part (and per distinct set of term dates, which schools mostly share) instead of
a few queries per school.
"""

from collections import defaultdict

from django.db.models import Count, Q

from notifications.models import NotificationRecord
from school_calendar.terms import parse_term_key
from workload.models import DataDrop, Meeting, WorkloadRules
from workload.selectors import _term_bounds, workload_indicators


def workload_indicators_for(*, term_key: str, schools) -> dict:
    """{"trust": the trust's indicators, school id: that school's} for the term."""
    academic_year, _ = parse_term_key(term_key)
    schools = list(schools)
    result = {"trust": workload_indicators(term_key=term_key)}
    by_bounds = defaultdict(list)
    for school in schools:
        bounds = _term_bounds(term_key, school)
        if bounds is not None:
            by_bounds[bounds].append(school.pk)
    meetings, notes = {}, {}
    for (start, end), ids in by_bounds.items():
        rows = (
            Meeting.objects.filter(
                cancelled_at__isnull=True,
                school_id__in=ids,
                starts_at__gte=start,
                starts_at__lt=end,
            )
            .values("school_id")
            .annotate(
                meetings=Count("pk"),
                meetings_overran=Count("pk", filter=Q(overran_minutes__gt=0)),
                meeting_overrides=Count("pk", filter=~Q(override_reason="")),
            )
        )
        meetings.update({row.pop("school_id"): row for row in rows})
        notes.update(
            NotificationRecord.objects.filter(
                out_of_hours=True, school_id__in=ids, due_at__gte=start, due_at__lt=end
            )
            .values("school_id")
            .annotate(n=Count("pk"))
            .values_list("school_id", "n")
        )
    drops = dict(
        DataDrop.objects.filter(academic_year=academic_year)
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    rules = {r.school_id: r for r in WorkloadRules.objects.all()}
    default = rules.get(None) or WorkloadRules()
    for school in schools:
        counted = meetings.get(school.pk, {})
        result[school.pk] = {
            "meetings": counted.get("meetings", 0),
            "meetings_overran": counted.get("meetings_overran", 0),
            "meeting_overrides": counted.get("meeting_overrides", 0),
            "data_drops_this_year": drops.get(school.pk, 0),
            "data_drop_limit": rules.get(school.pk, default).max_data_drops,
            "out_of_hours_notifications": notes.get(school.pk, 0),
        }
    return result
