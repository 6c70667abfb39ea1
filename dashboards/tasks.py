from celery import shared_task

from dashboards import services
from people import absence_services

REPORT_RETRIES = 3


@shared_task(bind=True, max_retries=REPORT_RETRIES, acks_late=True)
def report_build_task(self, *, build_id: int) -> int | None:
    """Build a report; a failure is retried a few times, then left failed with its error for HR."""
    final = self.request.retries >= self.max_retries
    try:
        build = services.report_build(build_id=build_id, final_attempt=final)
    except Exception as error:
        if final:
            return None
        raise self.retry(exc=error, countdown=30 * (self.request.retries + 1)) from error
    return build.report_id


@shared_task
def reports_for_ended_terms_task() -> list[int]:
    return services.reports_for_ended_terms()


@shared_task(acks_late=True)
def absence_import_task(*, import_id: int) -> str:
    return absence_services.absence_import_run(import_id=import_id).status
