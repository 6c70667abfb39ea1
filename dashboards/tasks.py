from celery import shared_task

from dashboards import pack_jobs, services
from dashboards.models import CommitteePack, ReportBuild

REPORT_RETRIES = 3
PACK_RETRIES = 2


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
    Run inline (the embedded default, no broker) it is not retried: HR is waiting on the request
    and gets the failure with its reason and the Retry button, not an error page.
    """
    final = self.request.is_eager or self.request.retries >= self.max_retries
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


@shared_task(
    bind=True,
    max_retries=PACK_RETRIES,
    acks_late=True,
    time_limit=CommitteePack.job_time_limit.total_seconds(),
)
def committee_pack_task(self, *, job_id: int, generation: int | None = None) -> int | None:
    """Make a committee pack's PDF; retried once or twice, then left failed with its reason.

    Returns the PDF's size in bytes, or None for a message not wanted any more. Run inline (the
    embedded default, no broker) it is not retried: the reader is waiting on the request and
    gets the failure and the Retry button at once, not an error page.
    """
    final = self.request.is_eager or self.request.retries >= self.max_retries
    try:
        made = pack_jobs.pack_build(pack_id=job_id, generation=generation, final_attempt=final)
    except Exception as error:
        if final:
            return None
        raise self.retry(exc=error, countdown=15 * (self.request.retries + 1)) from error
    return made.pdf_size if made else None


@shared_task
def committee_packs_clear_task() -> int:
    return pack_jobs.packs_clear()
