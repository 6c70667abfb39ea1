"""The one sending service for the portal's own email.

Non-urgent notifications wait for the end of email quiet hours as rows in the database: the
outbox sweep (notifications/outbox.py, every minute) sends each once its due time has come. Mail due
now is handed to a worker at once; urgent mail (safeguarding) is sent from this process when the
broker cannot be reached. Each email is held as a NotificationRecord until sent, so a redelivered
or lost broker message neither duplicates nor drops it, and the record tells the charter measure
how many notifications left in quiet hours.
"""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from school_calendar.quiet_hours import is_send_allowed, next_allowed_send_time
from wellbeing_portal.dispatch import dispatch


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
    from notifications.models import NotificationRecord
    from notifications.tasks import notification_deliver

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
        sent = dispatch(notification_deliver, args=(record.pk,))
        if sent is None and urgent:
            notification_deliver_now(record_id=record.pk)
    return due


def notifications_send_many(
    *,
    messages,
    template: str,
    urgent: bool = False,
    now: datetime | None = None,
    batch_size: int = 500,
) -> list[datetime]:
    """Queue one email per (to, context, school) in `messages`, like notification_send each.

    For a large audience (a charter or newsletter to a whole trust, survey invitations): the
    quiet-hours rules and calendar are loaded once per school, a context object shared by several
    messages is rendered once, and the records are inserted in batches. Returns each message's
    due time, in order.
    """
    from notifications.models import NotificationRecord
    from notifications.tasks import notification_deliver
    from school_calendar.quiet_hours import QuietHours

    moment = now or timezone.now()
    timing: dict[int | None, tuple[datetime, bool]] = {}
    # Keyed by id() and holding the context itself, so an id cannot be reused while cached.
    rendered: dict[int, tuple[dict, tuple[str, str, str]]] = {}
    dues: list[datetime] = []

    def timing_for(school) -> tuple[datetime, bool]:
        key = getattr(school, "pk", school)
        if key not in timing:
            hours = QuietHours(school)
            allowed = hours.is_allowed(moment)
            timing[key] = (moment if urgent or allowed else hours.next_allowed(moment), allowed)
        return timing[key]

    def flush(batch: list) -> None:
        records = NotificationRecord.objects.bulk_create(batch)
        for record in records:
            if record.due_at <= moment:
                sent = dispatch(notification_deliver, args=(record.pk,))
                if sent is None and urgent:
                    notification_deliver_now(record_id=record.pk)
        batch.clear()

    batch: list = []
    for to, context, school in messages:
        if id(context) not in rendered:
            rendered[id(context)] = (context, render_email(template, context))
        subject, text, html = rendered[id(context)][1]
        due, allowed = timing_for(school)
        batch.append(
            NotificationRecord(
                template=template,
                recipients=len(to),
                school_id=getattr(school, "pk", school),
                urgent=urgent,
                queued_at=moment,
                due_at=due,
                out_of_hours=urgent and not allowed,
                to=list(to),
                subject=subject[:300],
                text_body=text,
                html_body=html,
            )
        )
        dues.append(due)
        if len(batch) >= batch_size:
            flush(batch)
        if len(rendered) > batch_size:  # per-person contexts: keep memory flat
            rendered.clear()
    if batch:
        flush(batch)
    return dues


@transaction.atomic
def notification_deliver_now(*, record_id: int) -> bool | None:
    """Send a held notification once: True when sent now, False when already sent, None when not
    found (its transaction may not have committed yet, or it rolled back)."""
    from notifications.models import NotificationRecord

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


def notifications_due_send(*, now: datetime | None = None) -> int:
    """Send every held notification whose due time has come (the outbox sweep's part)."""
    from notifications.models import NotificationRecord

    cutoff = now or timezone.now()
    ids = NotificationRecord.objects.filter(sent_at__isnull=True, due_at__lte=cutoff).values_list(
        "pk", flat=True
    )
    return sum(bool(notification_deliver_now(record_id=pk)) for pk in list(ids))
