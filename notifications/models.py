"""The portal's own email (held until sent, then reduced to evidence) and deferred tasks."""

from django.db import models
from django.db.models import Q

from people.models import School


class NotificationRecord(models.Model):
    """One notification email of the portal: queued, due, sent, and whether it left in quiet hours.

    The addresses and content are held only until the email is sent, then cleared: what remains is
    evidence for the quiet-hours pledge, not a mail archive.
    """

    template = models.CharField(max_length=200)
    recipients = models.PositiveIntegerField()
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    urgent = models.BooleanField(default=False)
    queued_at = models.DateTimeField()
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    out_of_hours = models.BooleanField(default=False, help_text="Sent during email quiet hours.")
    to = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    text_body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)

    class Meta:
        db_table = "workload_notificationrecord"
        ordering = ["-queued_at"]
        indexes = [
            models.Index(
                fields=["due_at"], condition=Q(sent_at__isnull=True), name="notification_unsent_due"
            ),
            models.Index(fields=["queued_at"]),
        ]

    def __str__(self):
        return f"{self.template} queued {self.queued_at:%d %b %Y %H:%M}"


class DeferredTask(models.Model):
    """A Celery task to start at a later time (the end of email quiet hours, say).

    Held here rather than as a broker ETA: a wait of days or weeks must not outlive the broker's
    visibility timeout or a Redis restart. The outbox sweep dispatches it once due.
    """

    task = models.CharField(max_length=200, help_text="Dotted name of the Celery task.")
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    due_at = models.DateTimeField()
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "workload_deferredtask"
        ordering = ["due_at"]
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(dispatched_at__isnull=True),
                name="deferredtask_undispatched_due",
            ),
        ]

    def __str__(self):
        return f"{self.task} due {self.due_at:%d %b %Y %H:%M}"
