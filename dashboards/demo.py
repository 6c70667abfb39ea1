"""Demo reports: a built termly report for each past term with demo absence."""

from datetime import timedelta

from dashboards.models import ReportBuild, TermlyReport
from dashboards.services import report_build
from school_calendar.models import Term


def seed(world) -> None:
    built = set(TermlyReport.objects.values_list("term_key", flat=True))
    first_absence = world.today - timedelta(days=2 * 365)
    for term in Term.objects.filter(
        school__isnull=True, last_day__lt=world.today, first_day__gte=first_absence
    ).order_by("first_day"):
        if term.key in built:
            continue
        build = ReportBuild.objects.create(term_key=term.key, trigger="demo")
        report_build(build_id=build.pk)
