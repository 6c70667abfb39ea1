from celery import shared_task

from people import import_jobs
from people.models import AbsenceImport


# Imports now go to people.tasks.import_job_task; this name stays for messages queued before
# absence had its own app.
@shared_task(
    name="dashboards.tasks.absence_import_task",
    acks_late=True,
    time_limit=AbsenceImport.job_time_limit.total_seconds(),
)
def absence_import_task(*, job_id: int, generation: int | None = None) -> str:
    """Run a background import; returns its status ("skipped" for an unwanted message)."""
    job = import_jobs.import_run(import_id=job_id, generation=generation)
    return job.status if job else "skipped"
