from celery import shared_task

from charters import services


@shared_task
def version_notify_task(version_id: int) -> int:
    """Email a newly published version's audience (each email waits out quiet hours)."""
    return len(services.version_notify(version_id=version_id))
