from datetime import datetime

from celery import shared_task

from actions import services


@shared_task
def overdue_actions_notify(now: str | None = None) -> int:
    """Daily: tell owners about actions that have become overdue; returns emails queued.

    now (ISO 8601) is for replaying a run; the beat schedule passes nothing.
    """
    moment = datetime.fromisoformat(now) if now else None
    return len(services.overdue_notify(now=moment))


@shared_task
def newsletter_email(*, newsletter_id: int) -> int:
    return services.newsletter_email_send(newsletter_id=newsletter_id)


@shared_task
def difference_votes_tally() -> int:
    """Every few minutes: count waiting "did it make a difference?" answers, k or more at once."""
    return services.difference_votes_tally()
