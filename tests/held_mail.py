"""Mail held for the end of email quiet hours, sent as the outbox sweep would at its due time.

Tests that read an email from mail.outbox call this so they pass at any hour: in the evening or
at a weekend the portal rightly holds the email (or the task that writes it) until quiet hours
end. Deferred tasks go first, then the email they and others queued.
"""


def held_mail_send() -> int:
    from notifications.mail import notifications_due_send
    from notifications.models import DeferredTask, NotificationRecord
    from notifications.outbox import deferred_tasks_due_dispatch

    sent = 0
    for _ in range(3):  # a deferred task may queue email that waits in turn
        waiting = [
            DeferredTask.objects.filter(dispatched_at__isnull=True).order_by("-due_at").first(),
            NotificationRecord.objects.filter(sent_at__isnull=True).order_by("-due_at").first(),
        ]
        dues = [row.due_at for row in waiting if row is not None]
        if not dues:
            break
        deferred_tasks_due_dispatch(now=max(dues))
        sent += notifications_due_send(now=max(dues))
    return sent
