import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dashboards import services
from dashboards.models import ReportBuild
from school_calendar.terms import SchoolTerm


class Command(BaseCommand):
    help = "Build the People committee report for a term (on a Celery worker when a broker is set)."

    def add_arguments(self, parser):
        parser.add_argument("--term", required=True, help="e.g. 2025-26-autumn")
        parser.add_argument(
            "--timeout", type=int, default=1800, help="seconds to wait for a worker"
        )

    def handle(self, *args, term, timeout, **options):
        try:
            school_term = SchoolTerm.parse(term)  # the term is parsed here, where it enters
        except ValueError as error:
            raise CommandError(str(error)) from error
        term = school_term.key
        if school_term.dates() is None:
            raise CommandError(f"{term} has no dates in the trust's calendar (import_terms first)")
        from wellbeing_portal.celery import app

        if app.conf.task_always_eager:
            build = ReportBuild.objects.create(term_key=term, trigger="command")
            try:
                build = services.report_build(build_id=build.pk)
            except Exception as error:
                raise CommandError(f"the report was not built: {error}") from error
        else:
            with transaction.atomic():
                build = services.report_request(term_key=term, trigger="command")
            build.refresh_from_db()
            if build.waiting_for_worker:
                self.stderr.write(
                    f"Build {build.pk} is queued; it will start when the background worker is "
                    "reachable (the broker could not be reached)."
                )
            deadline = time.monotonic() + timeout
            while True:
                build.refresh_from_db()
                if build.status in (ReportBuild.Status.DONE, ReportBuild.Status.FAILED):
                    break
                if time.monotonic() > deadline:
                    raise CommandError(f"no worker finished build {build.pk} in {timeout} s")
                time.sleep(0.5)
            if build.status == ReportBuild.Status.FAILED:
                raise CommandError(f"the report was not built: {build.error.splitlines()[0]}")
        self.stdout.write(str(build.report_id))
