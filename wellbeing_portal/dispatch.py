"""The one way the portal hands work to Celery.

Publishing never raises and never waits long: when the broker is unreachable the work stays
recorded in the database (a queued job row, an unsent notification, a deferred task) and the
outbox sweep sends it again once Redis is back (notifications/outbox.py).
"""

import logging

from celery import Task

logger = logging.getLogger(__name__)


def dispatch(task: Task, *, args: tuple = (), kwargs: dict | None = None) -> str | None:
    """Send a task to the workers; returns its id, or None when the broker could not be reached.

    In the embedded default (no broker) the task runs here and now, and its errors propagate as
    they would from a direct call.
    """
    if task.app.conf.task_always_eager:
        return task.apply_async(args=args, kwargs=kwargs or {}).id
    try:
        return task.apply_async(args=args, kwargs=kwargs or {}, retry=False).id
    except Exception as error:  # any broker or connection failure: the row stays queued
        logger.warning("broker unreachable, %s left queued in the database: %s", task.name, error)
        return None
