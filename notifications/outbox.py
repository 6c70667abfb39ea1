"""The outbox sweep: everything that waits in the database for its time, sent when due.

Run every minute by Celery beat (wellbeing_portal/schedule.py) or, in the embedded default with no
broker, by a timer thread in the web process (workload/apps.py). Each run:

- sends notifications whose due time has come (deferred past quiet hours, or whose broker message
  was lost or never sent because Redis was down);
- dispatches deferred tasks whose due time has come;
- marks background jobs past their deadline failed, and sends again jobs still waiting for the
  broker.
"""

import logging
import threading
import time
from datetime import datetime

from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from people.import_jobs import checks_expire
from wellbeing_portal.dispatch import dispatch
from wellbeing_portal.jobs import jobs_expire, jobs_redispatch

logger = logging.getLogger(__name__)


def task_defer(*, task: str, kwargs: dict, due_at: datetime, now: datetime | None = None) -> None:
    """Start a Celery task at `due_at`: at once (after this transaction) when already due."""
    from notifications.models import DeferredTask

    moment = now or timezone.now()
    deferred = DeferredTask.objects.create(
        task=task, kwargs=kwargs, created_at=moment, due_at=due_at
    )
    if due_at <= moment:
        transaction.on_commit(lambda: deferred_task_dispatch(deferred_id=deferred.pk))


def deferred_task_dispatch(*, deferred_id: int) -> bool:
    """Dispatch one deferred task unless already done; False when the broker is unreachable."""
    from notifications.models import DeferredTask

    with transaction.atomic():
        deferred = (
            DeferredTask.objects.select_for_update(skip_locked=True)
            .filter(pk=deferred_id, dispatched_at__isnull=True)
            .first()
        )
        if deferred is None:
            return True
        try:
            if dispatch(import_string(deferred.task), kwargs=deferred.kwargs) is None:
                return False
        except Exception:
            # Only in the embedded default, where the task runs here: it ran and failed, as it
            # could on a worker, and is not started again.
            logger.exception("deferred task %s failed", deferred.task)
        deferred.dispatched_at = timezone.now()
        deferred.save(update_fields=["dispatched_at"])
    return True


def deferred_tasks_due_dispatch(*, now: datetime | None = None) -> int:
    from notifications.models import DeferredTask

    now = now or timezone.now()
    ids = DeferredTask.objects.filter(dispatched_at__isnull=True, due_at__lte=now).values_list(
        "pk", flat=True
    )
    sent = 0
    for pk in list(ids):
        if not deferred_task_dispatch(deferred_id=pk):
            break  # the broker is down: the rest waits for the next sweep
        sent += 1
    return sent


def outbox_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """One pass of the sweep; returns what it did, by kind."""
    from notifications.mail import notifications_due_send

    now = now or timezone.now()
    return {
        "jobs_failed": jobs_expire(now=now),
        "checked_files_deleted": checks_expire(now=now),
        "jobs_sent": jobs_redispatch(now=now),
        "tasks_sent": deferred_tasks_due_dispatch(now=now),
        "emails_sent": notifications_due_send(now=now),
    }


def outbox_timer_start(*, interval: float) -> threading.Event:
    """Run the sweep every `interval` seconds on a daemon thread; set the returned event to stop."""
    stop = threading.Event()

    def loop() -> None:
        # Plain sleeps rather than stop.wait(interval): a timed condition wait can hang under a
        # faked clock (libfaketime), which the suite is run with.
        while True:
            time.sleep(interval)
            if stop.is_set():
                break
            try:
                done = outbox_sweep()
                if any(done.values()):
                    logger.info("outbox sweep: %s", done)
            except Exception:
                logger.exception("outbox sweep failed; trying again at the next tick")
            finally:
                close_old_connections()
        connections.close_all()

    threading.Thread(target=loop, name="outbox-timer", daemon=True).start()
    return stop
