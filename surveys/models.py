"""Survey rounds, their questions, and anonymous responses.

Anonymity by design: `Invitation` records *that* a person took part (for response rates,
reminders and one response per person); `Response` records *what* was answered. Nothing joins
them: no foreign key, no shared id, responses have random UUIDs and only the day they were
written out, and `Comment` (free text) is not linked to its response either.

How answers get in (README, "How answers are stored"): answers in progress stay in the browser;
a submission writes one sealed, padded `PendingResponse` holding the answers and a keyed token
of the person, and nothing else; a batch of at least the round's minimum group size later opens
pending rows, marks those people's invitations and writes the responses in random order, all in
one transaction (`responding.round_pending_open`).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from common.moderation import CommentStatus
from people.models import RoleGroup, School


class Instrument(models.Model):
    """A survey instrument loaded from a definition file (built-in or uploaded by HR)."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    licence = models.CharField(max_length=300, blank=True)
    attribution = models.CharField(max_length=300, blank=True)
    definition = models.JSONField(help_text="The whole definition file, as loaded.")
    builtin = models.BooleanField(default=False)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ReportingCluster(models.Model):
    """Schools pooled for reporting, so staff of small schools still count at a safe level."""

    name = models.CharField(max_length=120, unique=True)
    schools = models.ManyToManyField(School, related_name="reporting_clusters")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


PULSE_MAX_QUESTIONS = 10


class Round(models.Model):
    class Kind(models.TextChoices):
        FULL = "full", "Full survey"
        PULSE = "pulse", "Pulse survey"

    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(
        max_length=5,
        choices=Kind.choices,
        default=Kind.FULL,
        help_text=f"A pulse is short (at most {PULSE_MAX_QUESTIONS} questions), copied from "
        "a chosen set of an earlier round's questions and held each half-term.",
    )
    title = models.CharField(max_length=200)
    whole_trust = models.BooleanField(default=True, help_text="Untick to choose schools.")
    schools = models.ManyToManyField(School, blank=True, related_name="survey_rounds")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    min_group_size = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(3)],
        help_text="Results for groups with fewer respondents are never shown. Never below 3.",
    )
    comment_min_group_size = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(3)],
        help_text="Comments are only shown for groups with at least this many respondents.",
    )
    reminder_every_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Remind people who have not answered at most this often. Empty: no reminders.",
    )
    published = models.BooleanField(
        default=False, help_text="HR has opened it (staff see it from opens_at)."
    )
    invitations_sent = models.BooleanField(default=False)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    early_release = models.BooleanField(
        default=False, help_text="Results may be seen before the round closes."
    )
    imported = models.BooleanField(
        default=False, help_text="Responses imported from an earlier provider."
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    instruments = models.JSONField(
        default=dict, blank=True, help_text="Scores and attribution of instruments used."
    )
    responded_unlisted = models.PositiveIntegerField(
        default=0,
        help_text="Responses written out whose invitation could not be marked: the person had"
        " left, or the round closed with fewer than the minimum group size of them waiting.",
    )
    closed_early_from = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The closing time the round had before HR closed it early; it can be reopened"
        " until then, as long as no results were released after it closed.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_group_size__gte=3), name="round_min_group_size_at_least_3"
            ),
            models.CheckConstraint(
                condition=models.Q(comment_min_group_size__gte=3),
                name="round_comment_min_group_size_at_least_3",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="round_closes_after_opens",
            ),
        ]

    def __str__(self):
        return self.title

    LOCKED_WHEN_OPEN = ("min_group_size", "comment_min_group_size")

    def clean(self):
        """Thresholds are locked once the round opens: lowering (or raising) them later would
        let two releases be compared across different rules."""
        super().clean()
        if self.pk is None:
            return
        stored = Round.objects.filter(pk=self.pk).first()
        if stored is None or stored.status_at() in (self.Status.DRAFT, self.Status.SCHEDULED):
            return
        errors = {
            name: "This cannot change once the round has opened."
            for name in self.LOCKED_WHEN_OPEN
            if getattr(self, name) != getattr(stored, name)
        }
        if errors:
            raise ValidationError(errors)

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    def status_at(self, now=None) -> str:
        now = now or timezone.now()
        if self.imported or (self.published and now >= self.closes_at):
            return self.Status.CLOSED
        if not self.published:
            return self.Status.DRAFT
        return self.Status.OPEN if now >= self.opens_at else self.Status.SCHEDULED

    @property
    def status(self) -> str:
        return self.status_at()

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def closed_on(self):
        return timezone.localtime(self.closes_at).date()


class Question(models.Model):
    class Kind(models.TextChoices):
        ITEM = "item", "Instrument item"
        AGREE5 = "agree5", "Agreement (5 points)"
        SCALE10 = "scale10", "0 to 10 scale"
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        TEXT = "text", "Free text"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=60)
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    instrument_key = models.CharField(max_length=60, blank=True)
    scale = models.JSONField(
        default=dict, blank=True, help_text="range {min,max,labels} or options [{value,label}]"
    )
    reverse = models.BooleanField(default=False)
    required = models.BooleanField(default=False)
    section = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "key"], name="question_key_unique_in_round")
        ]

    def __str__(self):
        return self.text

    @property
    def is_numeric(self) -> bool:
        return self.kind in (self.Kind.ITEM, self.Kind.AGREE5, self.Kind.SCALE10)

    @property
    def values(self) -> list[int]:
        """Every value of the question's scale, in order."""
        if self.scale.get("type") == "range":
            return list(range(int(self.scale["min"]), int(self.scale["max"]) + 1))
        return [int(option["value"]) for option in self.scale.get("options", [])]

    @cached_property
    def allowed_values(self) -> frozenset[int]:
        """`values` as a set, kept on the instance: an opened round's questions are shared
        between requests (surveys.question_cache) and every submit checks each answer."""
        return frozenset(self.values)

    @property
    def options(self) -> list[dict]:
        if self.scale.get("type") == "range":
            return [{"value": v, "label": str(v)} for v in self.values]
        return self.scale.get("options", [])


class Invitation(models.Model):
    """That a person is in a round's audience and whether they responded; never what they said."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    # Kept (without the person) when a user is erased, so the round's counts do not change.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_invitations",
    )
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role_group = models.CharField(max_length=10, choices=RoleGroup.choices)
    responded = models.BooleanField(default=False)
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="one_invitation_per_person")
        ]
        indexes = [models.Index(fields=["round", "responded"])]

    def __str__(self):
        return f"Invitation to {self.round_id}"


class Response(models.Model):
    """One anonymous response: coarse context and answers, never a person."""

    class FteBand(models.TextChoices):
        FULL_TIME = "full", "Full time"
        PART_TIME = "part", "Part time"

    class ServiceBand(models.TextChoices):
        UNDER_2 = "0-2", "Under 2 years"
        FROM_2_TO_5 = "2-5", "2 to 5 years"
        FROM_5_TO_10 = "5-10", "5 to 10 years"
        OVER_10 = "10+", "10 years or more"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role_group = models.CharField(max_length=10, choices=RoleGroup.choices)
    department = models.CharField(max_length=100, blank=True)
    fte_band = models.CharField(max_length=4, choices=FteBand.choices, blank=True)
    service_band = models.CharField(max_length=4, choices=ServiceBand.choices, blank=True)
    submitted_on = models.DateField()
    answers = models.JSONField(default=dict, help_text="{question key: value, or a list of values}")

    class Meta:
        indexes = [models.Index(fields=["round"])]

    def __str__(self):
        return "An anonymous response"


class PendingResponse(models.Model):
    """A submitted response (and its comments), sealed, waiting to be written out in a batch.

    The submission writes this row and nothing else, in a transaction of its own: `sealed` holds
    the answers and coarse context, padded to a fixed size bucket and encrypted with
    SURVEY_SEAL_KEY (`surveys.sealing`); `token` is a keyed one-way token of the round and the
    person, used only to refuse a second submission and, in the batch, to mark participation.
    A database reader sees that a sealed blob of a standard size exists, not whose it is or what
    it says. `responding.round_pending_open` opens batches of at least the round's minimum group
    size, then the table is vacuumed.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pending_responses")
    token = models.CharField(max_length=64, blank=True)
    sealed = models.TextField()

    class Meta:
        constraints = [
            # Rows sealed before tokens existed have none; their invitations are already marked.
            models.UniqueConstraint(
                fields=["round", "token"],
                condition=~models.Q(token=""),
                name="one_pending_response_per_person",
            )
        ]

    def __str__(self):
        return "A sealed pending response"


class Comment(models.Model):
    """A free-text answer, kept apart from its response and shown only after HR approves it."""

    Status = CommentStatus

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="comments")
    question_key = models.CharField(max_length=60)
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role_group = models.CharField(max_length=10, choices=RoleGroup.choices)
    text = models.TextField()
    shown_text = models.TextField(
        blank=True, help_text="The text as approved, with any redactions."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)

    class Meta:
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self):
        return f"Comment on {self.question_key}"


class Release(models.Model):
    """A numbered snapshot of a round's results: the only way results reach anyone.

    Planned by `people.anonymity` against every earlier release of the round, so any two
    releases differ by 0 or at least the minimum group size in every figure. `data` holds the
    figures (the `RoundResults` shape) and the release's anonymity statement.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="releases")
    number = models.PositiveIntegerField()
    made_at = models.DateTimeField(default=timezone.now)
    final = models.BooleanField(default=False, help_text="Made when the round closed.")
    data = models.JSONField()

    class Meta:
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="one_release_per_number")
        ]

    def __str__(self):
        return f"Release {self.number} of round {self.round_id}"


class RoundResults(models.Model):
    """What people see of a round now: a copy of its latest release, read by every page and
    export (one row per round, so pages read it in one query)."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="results")
    built_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField()

    def __str__(self):
        return f"Results of round {self.round_id}"
