from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from notifications import invitations
from notifications.mail import notification_deliver_now
from notifications.outbox import outbox_sweep


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, to: list[str], subject: str, text: str, html: str) -> int:
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    return message.send()


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notification_deliver(self, record_id: int) -> bool:
    sent = notification_deliver_now(record_id=record_id)
    if sent is None:
        # Queued inside a transaction that has not committed yet: try again shortly.
        raise self.retry(countdown=5, max_retries=12)
    return sent


@shared_task
def outbox_sweep_task() -> dict[str, int]:
    return outbox_sweep()


@shared_task
def invitation_send_task(*, staff_id: int) -> bool:
    return invitations.invitation_send(staff_id=staff_id)
