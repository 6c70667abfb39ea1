"""Writes for reports: building a term's People committee report as a fixed, versioned record."""

import traceback
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from absence.models import AbsenceRecord
from absence.selectors import ROLE_GROUPS, periods_figures, rounded
from absence.sums import Terms
from common.report_feeds import report_parts
from dashboards import build_progress, evidence, feeds
from dashboards.models import ReportBuild, TermlyReport
from people.models import School, StaffMember, Trust
from school_calendar.terms import SchoolCalendar, SchoolTerm, terms_loaded_once
from wellbeing_portal.jobs import job_dispatch_on_commit, job_retry, job_start, job_still_mine

# School Workforce Census, England, 2024/25: teachers' sickness absence over the year.
NATIONAL_TEACHERS = {
    "source": "School Workforce Census, England, 2024/25",
    "pct_staff_with_sickness": 61.8,
    "avg_days_lost_per_staff": 5.0,
    "avg_days_per_absent_staff": 8.1,
}


def _year_to_date_keys(term: SchoolTerm) -> list[str]:
    return [t.key for t in term.year_to_date]


def _absence(figures, school_id=None):
    if figures is None:
        return None
    return rounded(figures.trust if school_id is None else figures.schools[school_id])


def _pp_change(now: dict | None, before: dict | None, key: str):
    if not now or not before or now.get(key) is None or before.get(key) is None:
        return None
    return round(now[key] - before[key], 2)


def report_summary(report: dict, details: dict) -> list[str]:
    """A few plain sentences on what changed most, written from the figures."""
    lines = []
    trust = report["trust"]
    now, before, year_ago = (
        trust["absence"],
        trust["absence_previous_term"],
        trust["absence_same_term_last_year"],
    )
    if now is None:
        return ["No absence figures: the term has no dates in the calendar yet."]
    if now.get("suppressed"):
        return ["The trust's absence figures are hidden: fewer staff than the minimum group size."]
    lines.append(
        f"Sickness absence was {now['absence_rate_pct']}% of available days "
        f"({now['sickness_days_lost']} days lost, {now['days_lost_per_fte']} per FTE)."
    )
    for label, other in (("the previous term", before), ("the same term last year", year_ago)):
        change = _pp_change(now, other, "absence_rate_pct")
        if change is not None:
            direction = "up" if change > 0 else "down" if change < 0 else "unchanged"
            amount = f" {abs(change)} percentage points" if change else ""
            lines.append(f"Compared with {label}, the absence rate is {direction}{amount}.")
    mh_change = _pp_change(now, before, "mental_health_pct")
    if now.get("mental_health_pct") is not None:
        text = f"Mental health accounted for {now['mental_health_pct']}% of days lost"
        if mh_change:
            text += f" ({'+' if mh_change > 0 else ''}{mh_change} points on the previous term)"
        lines.append(text + ".")
    moves = []
    for school in report["schools"]:
        previous = details["schools"].get(school["urn"], {}).get("absence_previous_term")
        change = _pp_change(school["absence"], previous, "absence_rate_pct")
        if change is not None:
            moves.append((abs(change), change, school["name"]))
    if moves:
        _size, change, name = max(moves)
        if change:
            lines.append(
                f"The biggest change was at {name}: {'+' if change > 0 else ''}{change} "
                "percentage points on the previous term."
            )
    actions = trust.get("actions")
    if actions and actions.get("overdue"):
        lines.append(f"{actions['overdue']} 'you said, we did' action(s) are overdue.")
    pledges = trust.get("pledges") or []
    off = sum(1 for p in pledges if p.get("status") == "off_track")
    if off:
        lines.append(f"{off} charter pledge(s) are off track.")
    return lines


def _registered_parts_add(report: dict, schools, *, term: SchoolTerm, today: date) -> None:
    """The parts other apps registered (common/report_feeds.py), in each section of the report."""
    for part in report_parts():
        report["trust"][part.key] = part.figures(term=term, school=None, today=today)
        for section, school in zip(report["schools"], schools, strict=True):
            section[part.key] = part.figures(term=term, school=school, today=today)


def report_contents(*, term_key: str, today: date | None = None) -> tuple[dict, dict, dict]:
    """Compute a term's report: (figures in the export format, details for the page, source).

    Every part is read for all schools at once, and the term dates once for the whole build, so
    the number of queries does not grow with the number of schools.
    """
    with terms_loaded_once():
        return _report_contents(term_key=term_key, today=today)


def _pledges_as_at(today: date, trust_dates) -> date:
    """Measured pledges count "this term": for a report on an ended term, that term is the
    report's own only on its last day, so its pledge evidence agrees with its workload figures."""
    if trust_dates is None:
        return today
    return min(today, trust_dates.last_day)


def _report_contents(*, term_key: str, today: date | None) -> tuple[dict, dict, dict]:
    term = SchoolTerm.parse(term_key)
    today = today or timezone.localdate()
    trust = Trust.current()
    minimum = trust.min_group_size
    schools = list(School.objects.order_by("urn"))
    terms = Terms.load()
    # A term still in progress is measured up to the build day (docs/figures.md).
    absence = periods_figures(
        periods={
            "now": [term_key],
            "previous": [term.previous.key],
            "year_ago": [term.same_term_last_year.key],
            "to_date": _year_to_date_keys(term),
        },
        min_group_size=minimum,
        terms=terms,
        today=today,
    )
    now, previous, year_ago, to_date = (
        absence[name] for name in ("now", "previous", "year_ago", "to_date")
    )
    trust_dates = term.dates()
    people = feeds.people_for_schools(term_key=term_key, schools=schools)
    periods = {}
    for key, school in [("trust", None), *((s.pk, s) for s in schools)]:
        dates = term.dates(school)
        if dates is not None:
            periods[key] = (dates.first_day, dates.last_day, school)
    surveys = feeds.survey_summaries_for(periods=periods)
    actions = feeds.action_counts_for(schools=schools, today=today)
    pledges = feeds.pledges_for(schools=schools, today=_pledges_as_at(today, trust_dates))
    workload = feeds.workload_for(term_key=term_key, schools=schools)

    def part(feed, key):
        return None if feed is None else feed.get(key)

    report = {
        "term": term_key,
        "version": None,
        "built_at": None,
        "min_group_size": minimum,
        "trust": {
            "absence": _absence(now),
            "absence_previous_term": _absence(previous),
            "absence_same_term_last_year": _absence(year_ago),
            "surveys": part(surveys, "trust"),
            "actions": part(actions, "trust"),
            "pledges": part(pledges, "trust"),
            "people": people["trust"] if people else None,
        },
        "schools": [],
    }
    details = {
        "schools": {},
        "trust_workload": part(workload, "trust"),
        "teachers_year_to_date": None,
        "national_teachers": NATIONAL_TEACHERS,
        "available": feeds.available(),
        # Trust-wide only: per-school figures could give small schools' answers away.
        "exit_reasons": feeds.exit_reasons(term_key=term_key),
        "difference": (
            feeds.difference_feedback(
                first_day=trust_dates.first_day, last_day=trust_dates.last_day
            )
            if trust_dates
            else None
        ),
    }
    if to_date is not None:
        details["teachers_year_to_date"] = {
            "terms": _year_to_date_keys(term),
            **rounded(to_date.teaching_trust),
        }
    for school in schools:
        report["schools"].append(
            {
                "urn": school.urn,
                "name": school.name,
                "absence": _absence(now, school.pk),
                "absence_by_role_group": (
                    {rg: rounded(now.role_groups[(school.pk, rg)]) for rg in ROLE_GROUPS}
                    if now
                    else None
                ),
                "surveys": part(surveys, school.pk),
                "actions": part(actions, school.pk),
                "pledges": part(pledges, school.pk),
                "people": people.get(school.pk) if people else None,
            }
        )
        details["schools"][school.urn] = {
            "absence_previous_term": _absence(previous, school.pk),
            "absence_same_term_last_year": _absence(year_ago, school.pk),
            "workload": part(workload, school.pk),
        }
    _registered_parts_add(report, schools, term=term, today=today)
    details["evidence"] = evidence.report_part(
        term_key=term_key, report=report, details=details, schools=schools
    )
    details["summary"] = report_summary(report, details)
    latest = AbsenceRecord.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    source = {
        "absence_records": latest["n"],
        "absence_last_changed": latest["latest"].isoformat() if latest["latest"] else None,
        "staff_records": StaffMember.objects.count(),
        "schools": len(schools),
        "term_dates": trust_dates is not None,
        "providers": details.pop("available"),
    }
    return report, details, source


def report_store(
    *, term_key: str, report: dict, details: dict, source: dict, user=None
) -> TermlyReport:
    """Save a computed report as the term's next version, all at once (never half-written)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                version = (
                    TermlyReport.objects.filter(term_key=term_key).aggregate(v=Max("version"))["v"]
                    or 0
                ) + 1
                built_at = timezone.now()
                figures = {**report, "version": version, "built_at": built_at.isoformat()}
                return TermlyReport.objects.create(
                    term_key=term_key,
                    version=version,
                    built_at=built_at,
                    built_by=user,
                    figures=figures,
                    details=details,
                    source=source,
                )
        except IntegrityError:
            continue  # another build took this version number at the same moment
    raise RuntimeError(f"could not store a new version of the {term_key} report")


def report_request(*, term_key: str, user=None, trigger: str = "hr") -> ReportBuild:
    """Queue a build of a term's report on a worker, once this transaction commits."""
    SchoolTerm.parse(term_key)  # ValueError on a malformed term, before anything is queued
    build = ReportBuild.objects.create(
        term_key=term_key,
        requested_by=user if getattr(user, "pk", None) else None,
        trigger=trigger,
    )
    job_dispatch_on_commit(build)
    return build


def report_build(
    *, build_id: int, generation: int | None = None, final_attempt: bool = True
) -> ReportBuild | None:
    """Build the report a ReportBuild asks for; a failure is recorded with its error, re-raised.

    Returns None, doing nothing, when this run is not wanted: the build is finished, failed or
    running elsewhere, or was queued again since (`generation` is the queueing the run belongs
    to; None for a direct call).
    """
    started = job_start(ReportBuild, job_id=build_id, generation=generation)
    if started is None:
        return None
    try:
        build_progress.stage_set(started.pk, "figures")
        report, details, source = report_contents(term_key=started.term_key)
        build_progress.stage_set(started.pk, "saving")
        with transaction.atomic():
            build = job_still_mine(ReportBuild, job=started)
            if build is None or build.report_id is not None:
                return None  # failed by the sweep or retried meanwhile: its result is not wanted
            stored = report_store(
                term_key=build.term_key,
                report=report,
                details=details,
                source=source,
                user=build.requested_by,
            )
            build.status = ReportBuild.Status.DONE
            build.report, build.error, build.finished_at = stored, "", timezone.now()
            build.save(update_fields=["status", "report", "error", "finished_at"])
    except Exception as error:
        ReportBuild.objects.filter(
            pk=started.pk, status=ReportBuild.Status.RUNNING, generation=started.generation
        ).update(
            status=ReportBuild.Status.FAILED if final_attempt else ReportBuild.Status.RETRYING,
            error=f"{type(error).__name__}: {error}\n\n{traceback.format_exc(limit=6)}",
            finished_at=timezone.now() if final_attempt else None,
        )
        raise
    return build


def report_build_retry(*, build: ReportBuild) -> ReportBuild:
    """Queue a failed build again (HR's Retry button)."""
    return job_retry(build)


def reports_for_ended_terms(*, today: date | None = None) -> list[int]:
    """Queue the report of a term whose last day (trust calendar) was yesterday, once."""
    today = today or timezone.localdate()
    yesterday = today - timedelta(days=1)
    calendar = SchoolCalendar()
    key = calendar.term_key_for_day(yesterday)
    if key is None:
        return []
    dates = calendar.term_dates(key)
    if dates is None or dates.last_day != yesterday:
        return []
    if ReportBuild.objects.filter(term_key=key, trigger="schedule").exists():
        return []
    return [report_request(term_key=key, trigger="schedule").pk]
