"""Workload: the rules the portal enforces, meetings, directed time, data drops and impact
assessments."""

import hashlib
import secrets
from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from people.models import School
from school_calendar.models import ACADEMIC_YEAR_VALIDATOR


class WorkloadRules(models.Model):
    """The trust's rules (school empty) or one school's own, which replace the trust's entirely."""

    school = models.OneToOneField(
        School,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="workload_rules",
        help_text="Empty for the trust's rules.",
    )
    latest_meeting_finish = models.TimeField(
        default=time(17, 0), help_text="No meeting may end after this time."
    )
    max_meeting_minutes = models.PositiveSmallIntegerField(
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
        help_text="Longer meetings need a recorded reason.",
    )
    min_notice_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MaxValueValidator(60)],
        help_text="Days between scheduling and the meeting; shorter notice needs a reason.",
    )
    quiet_from = models.TimeField(
        default=time(18, 0), help_text="Email quiet hours start on weekdays at this time."
    )
    quiet_until = models.TimeField(
        default=time(7, 0), help_text="…and end the next morning at this time."
    )
    quiet_weekends = models.BooleanField(default=True, help_text="No email at weekends.")
    quiet_school_holidays = models.BooleanField(
        default=True,
        help_text="No email on days that are not school working days (holidays, half-terms).",
    )
    max_data_drops = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="Data collections per school per academic year; more need a recorded reason.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    RULE_FIELDS = (
        "latest_meeting_finish",
        "max_meeting_minutes",
        "min_notice_days",
        "quiet_from",
        "quiet_until",
        "quiet_weekends",
        "quiet_school_holidays",
        "max_data_drops",
    )

    class Meta:
        verbose_name_plural = "workload rules"
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(school__isnull=True),
                name="workload_rules_one_for_trust",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(quiet_until__lt=models.F("quiet_from")),
                name="workload_rules_quiet_window",
            ),
        ]

    def __str__(self):
        return f"Workload rules for {self.school or 'the trust'}"


class RulesChange(models.Model):
    """The history of changes to a set of rules: who changed what, when, and why."""

    rules = models.ForeignKey(WorkloadRules, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(help_text="{field: [old, new]}")
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"Change to {self.rules} on {self.changed_at:%d %b %Y}"


class Meeting(models.Model):
    school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meetings",
        help_text="Empty for a trust-wide meeting.",
    )
    title = models.CharField(max_length=200)
    purpose = models.CharField(max_length=300)
    agenda = models.TextField()
    location = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    invitees = models.ManyToManyField("people.StaffMember", related_name="meetings", blank=True)
    invited_groups = models.CharField(
        max_length=300, blank=True, help_text="Groups invited, as chosen."
    )
    overridden_rules = models.JSONField(default=list, blank=True)
    override_reason = models.CharField(max_length=500, blank=True)
    # The rules an organiser may set aside with a reason (services.meeting_breaches), in words.
    RULES_IN_WORDS = {
        "max_length": "longer than the longest meeting the rules allow",
        "min_notice": "less notice than the rules ask",
        "clash": "at the same time as another meeting of some invitees",
    }
    overran_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    # Calendar clients (Outlook, Google) replace an event when its SEQUENCE goes up: each change
    # and the cancellation raise it, and a cancelled meeting stays in the feed as CANCELLED.
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["school", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def overridden_rules_text(self) -> str:
        """The rules set aside, in words ("longer than …; less notice than …")."""
        return "; ".join(self.RULES_IN_WORDS.get(rule, rule) for rule in self.overridden_rules)

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def directed_minutes(self) -> int:
        if self.cancelled_at is not None:
            return 0
        return self.minutes + (self.overran_minutes or 0)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class DirectedEvent(models.Model):
    """Directed time that is not a meeting, entered by HR: INSET days, parents' evenings, training.

    It counts against the directed time of every teacher of the school (all schools when empty)
    employed that day and working that weekday.
    """

    class Kind(models.TextChoices):
        INSET = "inset", "INSET day"
        PARENTS_EVENING = "parents_evening", "Parents' evening"
        TRAINING = "training", "Training"
        OTHER = "other", "Other directed duty"

    school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="directed_events",
        help_text="Empty for every school.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    day = models.DateField()
    hours = models.DecimalField(
        max_digits=4, decimal_places=2, validators=[MinValueValidator(0.25), MaxValueValidator(12)]
    )

    class Meta:
        ordering = ["day", "pk"]

    def __str__(self):
        return f"{self.title} ({self.day:%d %b %Y})"


class CalendarToken(models.Model):
    """The private, revocable key of one person's meetings feed (iCalendar)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    # Only the SHA-256 of the address's token is kept, so a leaked database opens no feed; the
    # person sees the full address once, when it is made.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class DataDrop(models.Model):
    """A data collection from teachers (assessment data, reports) on a school's calendar."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="data_drops")
    academic_year = models.CharField(max_length=7, validators=[ACADEMIC_YEAR_VALIDATOR])
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    description = models.TextField(blank=True)
    override_reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["school", "academic_year"])]

    def __str__(self):
        return self.title


class ImpactAssessment(models.Model):
    """A new policy or initiative: expected workload, mitigations, what stops to make room."""

    class Impact(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="impact_assessments",
        help_text="Empty for a trust-wide policy.",
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="What is new, and for whom.")
    starts_on = models.DateField()
    expected_impact = models.CharField(max_length=6, choices=Impact.choices)
    hours_per_term = models.DecimalField(
        "extra hours per teacher per term",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    mitigations = models.TextField()
    what_stops = models.TextField("what will stop to make room")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return self.title
