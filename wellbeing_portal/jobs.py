"""Background jobs that survive a killed worker.

A job is a database row (a report build, a large absence import) whose work runs on a Celery
worker. The row, not the broker, is the truth:

- queueing records `queued_at` and starts a new `generation`; the Celery message carries that
  generation, so a message from an earlier queueing (redelivered after its worker died) is ignored;
- a worker starts the job only under a row lock, and only while it is still queued in the same
  generation: `started_at`, `deadline` (started + the kind's time limit) and `attempts` are set;
- a running job past its deadline is marked failed with a plain reason by the outbox sweep and
  whenever its page is read; the page that started it offers a Retry button;
- a queued job whose message never reached the broker (Redis down) is sent again by the sweep.

The broker's visibility timeout (settings.CELERY_VISIBILITY_TIMEOUT) is longer than every kind's
time limit, so a redelivered message always finds its job already failed or finished.
"""

from datetime import datetime, timedelta

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from wellbeing_portal.dispatch import dispatch

# Every model that is a background job, as "app_label.ModelName".
JOB_MODELS = ("dashboards.ReportBuild", "dashboards.CommitteePack", "people.AbsenceImport")

QUEUED, RUNNING, RETRYING, FAILED = "queued", "running", "retrying", "failed"
WAITING = (QUEUED, RETRYING)
# A queued job whose message went out this long ago and has not started is sent again (a lost
# message; a duplicate is harmless because only one can start the job).
REDISPATCH_AFTER = timedelta(minutes=10)


class BackgroundJob(models.Model):
    """The fields every job row has. Subclasses declare `job_task`, `job_time_limit`,
    `job_kind` and a `status` field with the choices queued, running and failed."""

    job_task: str = ""  # dotted name of the Celery task; it takes job_id and generation
    job_time_limit: timedelta = timedelta(minutes=30)
    job_kind: str = "working"  # as in "the worker stopped while {job_kind}"

    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(
        null=True, blank=True, help_text="Started plus the time limit: after it, the job failed."
    )
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Times a worker started it.")
    generation = models.PositiveIntegerField(
        default=1, help_text="Which queueing of the job its Celery message belongs to."
    )
    dispatched_at = models.DateTimeField(
        null=True, blank=True, help_text="When the message reached the broker; empty if not yet."
    )
    task_id = models.CharField(max_length=50, blank=True)

    class Meta:
        abstract = True

    @property
    def stopped_reason(self) -> str:
        return f"The worker stopped while {self.job_kind}; you can try again."

    def record_stopped(self, now: datetime) -> list[str]:
        """Set the fields of a job whose worker stopped; returns the fields to save."""
        raise NotImplementedError

    @property
    def waiting_for_worker(self) -> bool:
        """Queued, but its message has not reached the broker yet."""
        return self.status in WAITING and self.dispatched_at is None


def job_models() -> list[type[BackgroundJob]]:
    return [apps.get_model(label) for label in JOB_MODELS]


def job_dispatch_on_commit(job: BackgroundJob) -> None:
    """Send the job's current generation to the workers once the transaction commits."""
    model, pk, generation = type(job), job.pk, job.generation
    transaction.on_commit(lambda: _dispatch(model, pk, generation))


def _dispatch(model: type[BackgroundJob], pk: int, generation: int) -> bool:
    task = import_string(model.job_task)
    task_id = dispatch(task, kwargs={"job_id": pk, "generation": generation})
    if task_id is None:
        return False
    # Eager mode has run the job already; this only notes that its message went out.
    model.objects.filter(pk=pk, generation=generation).update(
        dispatched_at=timezone.now(), task_id=task_id
    )
    return True


@transaction.atomic
def job_retry(job: BackgroundJob, *, now: datetime | None = None) -> BackgroundJob:
    """Queue a failed job again as a new generation (its old messages are then ignored)."""
    locked = type(job).objects.select_for_update().get(pk=job.pk)
    if locked.status != FAILED:
        return locked
    locked.status = QUEUED
    locked.generation += 1
    locked.queued_at = now or timezone.now()
    locked.started_at = locked.deadline = locked.dispatched_at = None
    locked.task_id = ""
    locked.save(
        update_fields=[
            "status",
            "generation",
            "queued_at",
            "started_at",
            "deadline",
            "dispatched_at",
            "task_id",
        ]
    )
    job_dispatch_on_commit(locked)
    return locked


@transaction.atomic
def job_start(
    model: type[BackgroundJob],
    *,
    job_id: int,
    generation: int | None = None,
    now: datetime | None = None,
) -> BackgroundJob | None:
    """Claim a queued job for this worker, or None when this message has nothing to do.

    `generation` None (a direct call, not a message) takes the job's current generation.
    """
    job = model.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.status not in WAITING:
        return None
    if generation is not None and generation != job.generation:
        return None
    now = now or timezone.now()
    job.status = RUNNING
    job.started_at = now
    job.deadline = now + model.job_time_limit
    job.attempts += 1
    job.save(update_fields=["status", "started_at", "deadline", "attempts"])
    return job


def job_still_mine(
    model: type[BackgroundJob], *, job: BackgroundJob, fields: tuple[str, ...] = ()
) -> BackgroundJob | None:
    """Inside the transaction that saves a job's result: lock the row and check it is still
    running in the generation this worker started (not failed by the sweep, not retried)."""
    locked = model.objects.select_for_update().filter(pk=job.pk).first()
    if locked is None or locked.status != RUNNING or locked.generation != job.generation:
        return None
    return locked


def jobs_expire(*, now: datetime | None = None, jobs=None) -> int:
    """Mark running jobs past their deadline failed with a plain reason; returns how many.

    A row locked by a live worker (inside the transaction that saves its result) is skipped.
    """
    now = now or timezone.now()
    expired = 0
    for model in job_models() if jobs is None else [jobs.model]:
        candidates = (jobs if jobs is not None else model.objects).filter(
            status=RUNNING, deadline__lt=now
        )
        for pk in list(candidates.values_list("pk", flat=True)):
            with transaction.atomic():
                job = (
                    model.objects.select_for_update(skip_locked=True)
                    .filter(pk=pk, status=RUNNING, deadline__lt=now)
                    .first()
                )
                if job is None:
                    continue
                job.status = FAILED
                job.save(update_fields=["status", *job.record_stopped(now)])
                expired += 1
    return expired


def jobs_redispatch(*, now: datetime | None = None) -> int:
    """Send again the queued jobs whose message never reached the broker, or was lost."""
    now = now or timezone.now()
    sent = 0
    for model in job_models():
        stale = model.objects.filter(status__in=WAITING).filter(
            models.Q(dispatched_at__isnull=True)
            | models.Q(dispatched_at__lt=now - REDISPATCH_AFTER)
        )
        for pk, generation in list(stale.values_list("pk", "generation")):
            sent += _dispatch(model, pk, generation)
    return sent
