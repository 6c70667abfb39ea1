"""The one sending service for the portal's own email.

Non-urgent notifications wait for the end of email quiet hours (a Celery task with an ETA);
urgent mail (password reset, sign-in codes, safeguarding) is sent at once. Each email is held as
a NotificationRecord until sent, so a redelivered or lost broker message neither duplicates nor
drops it (the sweep task sends anything overdue), and the record tells the charter measure
how many notifications left in quiet hours.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from workload.quiet_hours import is_send_allowed, next_allowed_send_time


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `<template>_body.txt` and `<template>_body.html`."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    text = render_to_string(f"{template}_body.txt", context)
    html = render_to_string(f"{template}_body.html", context)
    return subject, text, html


def notification_send(
    *,
    to: list[str],
    template: str,
    context: dict,
    school=None,
    urgent: bool = False,
    now: datetime | None = None,
) -> datetime:
    """Queue an email; returns the moment it is due to go out."""
    from workload.models import NotificationRecord
    from workload.tasks import notification_deliver

    subject, text, html = render_email(template, context)
    moment = now or timezone.now()
    due = moment if urgent else next_allowed_send_time(moment, school)
    record = NotificationRecord.objects.create(
        template=template,
        recipients=len(to),
        school_id=getattr(school, "pk", school),
        urgent=urgent,
        queued_at=moment,
        due_at=due,
        out_of_hours=urgent and not is_send_allowed(moment, school),
        to=list(to),
        subject=subject[:300],
        text_body=text,
        html_body=html,
    )
    if due <= moment:
        notification_deliver.delay(record.pk)
    else:
        notification_deliver.apply_async(args=[record.pk], eta=due)
    return due


@transaction.atomic
def notification_deliver_now(*, record_id: int) -> bool | None:
    """Send a held notification once: True when sent now, False when already sent, None when not
    found (its transaction may not have committed yet, or it rolled back)."""
    from workload.models import NotificationRecord

    record = NotificationRecord.objects.select_for_update().filter(pk=record_id).first()
    if record is None:
        return None
    if record.sent_at is not None:
        return False
    message = EmailMultiAlternatives(
        record.subject, record.text_body, settings.DEFAULT_FROM_EMAIL, record.to
    )
    message.attach_alternative(record.html_body, "text/html")
    message.send()
    record.sent_at = timezone.now()
    record.to, record.subject, record.text_body, record.html_body = [], "", "", ""
    record.save(update_fields=["sent_at", "to", "subject", "text_body", "html_body"])
    return True


def notifications_overdue_send(*, grace_minutes: int = 10) -> int:
    """Send held notifications overdue by more than `grace_minutes` (lost broker messages)."""
    from workload.models import NotificationRecord

    cutoff = timezone.now() - timedelta(minutes=grace_minutes)
    ids = NotificationRecord.objects.filter(sent_at__isnull=True, due_at__lte=cutoff).values_list(
        "pk", flat=True
    )
    return sum(bool(notification_deliver_now(record_id=pk)) for pk in list(ids))
