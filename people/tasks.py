from celery import shared_task

from people import import_jobs, services
from people.models import AbsenceImport


@shared_task
def leavers_deactivate_task() -> int:
    return services.leavers_deactivate()


# Killed after its deadline at the latest (prefork pool), so a hung import cannot outlive it.
@shared_task(acks_late=True, time_limit=AbsenceImport.job_time_limit.total_seconds())
def import_job_task(*, job_id: int, generation: int | None = None) -> str:
    """Run a background import (absence or staff); returns its status, "skipped" for an
    unwanted message (see import_jobs.import_run)."""
    job = import_jobs.import_run(import_id=job_id, generation=generation)
    return job.status if job else "skipped"
