"""Mail held for the end of email quiet hours, sent as the outbox sweep would at its due time.

Tests that read an email from mail.outbox use this so they pass at any hour: in the evening or
at a weekend the portal rightly holds the email until quiet hours end.
"""


def held_mail_send() -> int:
    from workload.mail import notifications_due_send
    from workload.models import NotificationRecord

    latest = NotificationRecord.objects.filter(sent_at__isnull=True).order_by("-due_at").first()
    return notifications_due_send(now=latest.due_at) if latest else 0
