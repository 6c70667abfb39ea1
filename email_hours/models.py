"""Email hours: what is kept of an uploaded message trace, and nothing more.

A trace names senders, recipients and subjects; the portal reads it in memory, counts, and keeps
only `EmailWeek` rows (per week, school and sender group: how many messages were sent inside and
outside quiet hours, and by how many people) plus an `EmailTraceUpload` row saying what was read.
No address, subject or recipient is ever written to the database.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from people.models import School


class SenderGroup(models.TextChoices):
    CENTRAL = "central", "Central team"
    LEADERS = "leaders", "Leaders"
    TEACHING = "teaching", "Teaching"
    SUPPORT = "support", "Support"


class EmailTraceUpload(models.Model):
    """One upload: when, by whom, the days it covered and what was counted or left out."""

    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_format = models.CharField(max_length=20)
    first_day = models.DateField()
    last_day = models.DateField()
    messages = models.PositiveIntegerField(help_text="Internal messages counted.")
    external = models.PositiveIntegerField(help_text="Messages from outside the trust, left out.")
    unmatched = models.PositiveIntegerField(
        help_text="Messages from a trust address that matches no staff record, left out."
    )

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"Message trace {self.first_day} to {self.last_day}"


class EmailWeek(models.Model):
    """Messages sent in one week (Monday to Sunday) by one sender group of one school (or the
    central team, with no school)."""

    week_start = models.DateField(help_text="The Monday.")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    group = models.CharField(max_length=10, choices=SenderGroup.choices)
    senders = models.PositiveIntegerField(help_text="People who sent at least one message.")
    in_hours = models.PositiveIntegerField()
    quiet_hours = models.PositiveIntegerField()
    upload = models.ForeignKey(EmailTraceUpload, on_delete=models.CASCADE, related_name="weeks")

    class Meta:
        ordering = ["week_start", "school", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["week_start", "school", "group"],
                nulls_distinct=False,
                name="one_email_week_per_school_and_group",
            ),
        ]

    def __str__(self):
        return f"Email, week of {self.week_start}"
