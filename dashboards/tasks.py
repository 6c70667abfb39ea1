from celery import shared_task

from dashboards import services
from dashboards.models import ReportBuild

REPORT_RETRIES = 3


# Killed after its deadline at the latest (prefork pool), so a hung build cannot outlive it.
@shared_task(
    bind=True,
    max_retries=REPORT_RETRIES,
    acks_late=True,
    time_limit=ReportBuild.job_time_limit.total_seconds(),
)
def report_build_task(self, *, job_id: int, generation: int | None = None) -> int | None:
    """Build a report; a failure is retried a few times, then left failed with its error for HR.

    Does nothing (returns None) for a message that is not wanted any more (see report_build).
    """
    final = self.request.retries >= self.max_retries
    try:
        build = services.report_build(build_id=job_id, generation=generation, final_attempt=final)
    except Exception as error:
        if final:
            return None
        raise self.retry(exc=error, countdown=30 * (self.request.retries + 1)) from error
    return build.report_id if build else None


@shared_task
def reports_for_ended_terms_task() -> list[int]:
    return services.reports_for_ended_terms()
