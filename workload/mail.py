"""The one sending service for the portal's own email.

Non-urgent notifications wait for the end of email quiet hours (a Celery task with an ETA);
urgent mail (password reset, sign-in codes, safeguarding) is sent at once.
"""

from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from workload.quiet_hours import next_allowed_send_time


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `<template>_body.txt` and `<template>_body.html`."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    text = render_to_string(f"{template}_body.txt", context)
    html = render_to_string(f"{template}_body.html", context)
    return subject, text, html


def notification_send(
    *, to: list[str], template: str, context: dict, school=None, urgent: bool = False, now: datetime | None = None
) -> datetime:
    """Queue an email; returns the moment it is due to go out."""
    from workload.tasks import send_email

    subject, text, html = render_email(template, context)
    moment = now or timezone.now()
    due = moment if urgent else next_allowed_send_time(moment, school)
    if due <= moment:
        send_email.delay(to=to, subject=subject, text=text, html=html)
    else:
        send_email.apply_async(kwargs={"to": to, "subject": subject, "text": text, "html": html}, eta=due)
    return due
