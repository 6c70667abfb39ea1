"""The mail tasks' names before they moved to notifications/tasks.py, kept for messages queued
under those names before an upgrade."""

from celery import shared_task

from notifications import tasks


@shared_task(name="workload.tasks.send_email")
def send_email(**kwargs) -> int:
    return tasks.send_email(**kwargs)


@shared_task(name="workload.tasks.notification_deliver")
def notification_deliver(record_id: int) -> bool:
    return tasks.notification_deliver.delay(record_id).id is not None


@shared_task(name="workload.tasks.outbox_sweep_task")
def outbox_sweep_task() -> dict[str, int]:
    return tasks.outbox_sweep_task()
