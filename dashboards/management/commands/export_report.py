from django.core.management.base import BaseCommand, CommandError

from dashboards.exports import report_csv, report_json
from dashboards.selectors import latest_report_for
from school_calendar.terms import SchoolTerm


class Command(BaseCommand):
    help = "Print the latest built report of a term as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--term", required=True, help="e.g. 2025-26-autumn")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, term, format, **options):
        try:
            term = SchoolTerm.parse(term).key
        except ValueError as error:
            raise CommandError(str(error)) from error
        report = latest_report_for(term)
        if report is None:
            raise CommandError(f"no report has been built for {term} (run build_termly_report)")
        text = report_json(report) if format == "json" else report_csv(report)
        self.stdout.write(text, ending="" if text.endswith("\n") else "\n")
