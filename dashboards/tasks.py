from celery import shared_task

from dashboards import pack_jobs, services
from dashboards.models import CommitteePack, ReportBuild

REPORT_RETRIES = 3
PACK_RETRIES = 2


def _attempt(task, run, *, backoff_seconds: int):
    """One attempt of a job task: run(final_attempt); a failure is retried later, backing off,
    until the last attempt, which gives up quietly (the job row keeps the error for the page).

    Run inline (the embedded default, no broker) there is no retry: the reader is waiting on
    the request and gets the failure with its reason and the Retry button, not an error page.
    """
    final = task.request.is_eager or task.request.retries >= task.max_retries
    try:
        return run(final)
    except Exception as error:
        if final:
            return None
        countdown = backoff_seconds * (task.request.retries + 1)
        raise task.retry(exc=error, countdown=countdown) from error


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

    def build(final: bool):
        built = services.report_build(build_id=job_id, generation=generation, final_attempt=final)
        return built.report_id if built else None

    return _attempt(self, build, backoff_seconds=30)


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

    Returns the PDF's size in bytes, or None for a message not wanted any more.
    """

    def make(final: bool):
        made = pack_jobs.pack_build(pack_id=job_id, generation=generation, final_attempt=final)
        return made.pdf_size if made else None

    return _attempt(self, make, backoff_seconds=15)


@shared_task
def committee_packs_clear_task() -> int:
    return pack_jobs.packs_clear()
