"""You said, we did: actions schools and the trust take in answer to what staff said."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class Theme(models.TextChoices):
    WORKLOAD = "workload", "Workload"
    COMMUNICATION = "communication", "Communication"
    LEADERSHIP = "leadership_support", "Leadership support"
    WELLBEING = "wellbeing", "Wellbeing"
    FACILITIES = "facilities", "Facilities"
    DEVELOPMENT = "development", "Professional development"
    BEHAVIOUR = "behaviour", "Pupil behaviour"
    RECOGNITION = "recognition", "Recognition"
    # The seven HSE Management Standards.
    HSE_DEMANDS = "hse_demands", "HSE standard: demands"
    HSE_CONTROL = "hse_control", "HSE standard: control"
    HSE_MANAGER_SUPPORT = "hse_manager_support", "HSE standard: manager support"
    HSE_PEER_SUPPORT = "hse_peer_support", "HSE standard: peer support"
    HSE_RELATIONSHIPS = "hse_relationships", "HSE standard: relationships"
    HSE_ROLE = "hse_role", "HSE standard: role"
    HSE_CHANGE = "hse_change", "HSE standard: change"


class Status(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DOING = "not_doing", "Not doing"


OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)


class Action(models.Model):
    """What staff said, what the school (or, with no school, the trust) will do, and what it did."""

    school = models.ForeignKey(
        "people.School",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        help_text="Empty for a trust-wide action.",
    )
    round = models.ForeignKey(
        "surveys.Round", null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    question = models.ForeignKey(
        "surveys.Question", null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    comment = models.ForeignKey(
        "surveys.Comment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A comment HR approved for showing.",
    )
    theme = models.CharField(max_length=30, choices=Theme.choices)
    you_said = models.TextField("what staff said", max_length=2000)
    we_will = models.TextField("what we will do", max_length=2000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_actions"
    )
    due_on = models.DateField("due date")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    status_reason = models.TextField(
        "reason", max_length=2000, blank=True, help_text="Why the action will not go ahead."
    )
    we_did = models.TextField("what we did", max_length=2000, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # When the owner was last told the action is overdue; cleared when the due date moves.
    overdue_notified_on = models.DateField(null=True, blank=True)
    # The anonymous tally: counters only, never linked to who answered (see DifferenceVoter),
    # moved in batches of at least the minimum group size (see DifferenceVote).
    made_difference = models.PositiveIntegerField(default=0)
    made_no_difference = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["status", "due_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(completed_on__isnull=False),
                name="action_done_has_completed_on",
            ),
        ]

    def __str__(self):
        return self.we_will[:80]

    def clean(self):
        errors = {}
        if self.status == Status.NOT_DOING and not self.status_reason.strip():
            errors["status_reason"] = "Say why the school will not do this."
        if self.status == Status.DONE and not self.we_did.strip():
            errors["we_did"] = "Say what was done."
        # Only a done action has a completion date; it defaults to today.
        if self.status != Status.DONE:
            self.completed_on = None
        elif self.completed_on is None:
            self.completed_on = timezone.localdate()
        if self.completed_on and self.completed_on > timezone.localdate():
            errors["completed_on"] = "The completion date cannot be in the future."
        if self.question_id and self.round_id and self.question.round_id != self.round_id:
            errors["question"] = "This question belongs to another survey round."
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def where(self) -> str:
        return self.school.name if self.school_id else "Trust-wide"

    @property
    def difference_votes(self) -> int:
        return self.made_difference + self.made_no_difference


class ActionChange(models.Model):
    """One entry of an action's history: who changed what, and when."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    # {"field label": ["old", "new"]}; empty on creation.
    changes = models.JSONField(default=dict, blank=True)
    created = models.BooleanField(default=False)

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["action", "changed_at"])]

    def __str__(self):
        return f"{self.action_id} at {self.changed_at:%Y-%m-%d %H:%M}"


class DifferenceVoter(models.Model):
    """That someone has said whether an action made a difference (one answer each).

    Holds a keyed one-way token of the action and the person (`surveys.sealing.voter_token`),
    never their id, and no answer and no time. It is written in a transaction of its own; the
    answer is a separate `DifferenceVote`, so no transaction id joins the two.
    """

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "token"], name="difference_voter_once"),
        ]

    def __str__(self):
        return f"answered for action {self.action_id}"


class DifferenceVote(models.Model):
    """One answer to "did it make a difference?", waiting to be counted.

    No person, no time, a random id. Folded into the action's counters (and deleted) only in
    batches of at least the trust's minimum group size, so the counters never move by one.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")
    made_difference = models.BooleanField()

    def __str__(self):
        return "An anonymous answer waiting to be counted"


class Newsletter(models.Model):
    """The termly staff newsletter: an introduction and a frozen list of the term's actions."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    term_key = models.CharField(max_length=20, unique=True, help_text='e.g. "2026-27-autumn"')
    title = models.CharField(max_length=200)
    introduction = models.TextField(max_length=5000, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    generated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-term_key"]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class NewsletterItem(models.Model):
    """An action as the newsletter reported it (a copy, so past newsletters never change)."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="items")
    action = models.ForeignKey(Action, null=True, on_delete=models.SET_NULL, related_name="+")
    school = models.ForeignKey(
        "people.School", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    school_name = models.CharField(max_length=200, help_text='"Trust-wide" for trust actions.')
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices)
    theme = models.CharField(max_length=30, choices=Theme.choices)
    you_said = models.TextField()
    we_will = models.TextField()
    we_did = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.school_name}: {self.we_will[:60]}"
