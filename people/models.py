from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from wellbeing_portal.jobs import BackgroundJob

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FULL_WEEK = "Mon Tue Wed Thu Fri"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A login account. People sign in with their email address; there is no username."""

    username = None
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def __str__(self):
        return self.get_full_name() or self.email


class Trust(models.Model):
    """The multi-academy trust. One deployment serves one trust."""

    name = models.CharField(max_length=200)
    min_group_size = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(3)],
        help_text="Results for smaller groups are never shown. Never below 3.",
    )
    comment_min_group_size = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(3)],
        help_text="Free-text comments are only shown for groups at least this large.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_group_size__gte=3), name="trust_min_group_size_at_least_3"
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def current(cls) -> "Trust":
        trust = cls.objects.order_by("pk").first()
        if trust is None:
            trust = cls.objects.create(name="Our Trust")
        return trust


class School(models.Model):
    class Phase(models.TextChoices):
        NURSERY = "nursery", "Nursery"
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"
        ALL_THROUGH = "all_through", "All-through"
        SPECIAL = "special", "Special"
        ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"

    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="schools")
    urn = models.CharField(
        "URN",
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", "A URN is six digits.")],
    )
    name = models.CharField(max_length=200)
    phase = models.CharField(max_length=30, choices=Phase.choices, default=Phase.PRIMARY)
    pupils = models.PositiveIntegerField(
        null=True, blank=True, help_text="Pupils on roll (for first aiders per 50 pupils)."
    )

    class Meta:
        ordering = ["urn"]

    def __str__(self):
        return self.name


class RoleGroup(models.TextChoices):
    TEACHING = "teaching", "Teaching"
    SUPPORT = "support", "Support"


def employed_on_condition(day, *, through: str = "") -> models.Q:
    """The one rule for "employed on this day": started on or before it, and no last day or a last
    day on or after it. `through` reaches staff records from another model ("staff_member__")."""
    return models.Q(**{f"{through}start_date__lte": day}) & (
        models.Q(**{f"{through}end_date__isnull": True})
        | models.Q(**{f"{through}end_date__gte": day})
    )


def employed_during_condition(first, last, *, through: str = "") -> models.Q:
    """Employed on at least one day from `first` to `last`."""
    return models.Q(**{f"{through}start_date__lte": last}) & (
        models.Q(**{f"{through}end_date__isnull": True})
        | models.Q(**{f"{through}end_date__gte": first})
    )


class StaffQuerySet(models.QuerySet):
    def employed_on(self, day) -> "StaffQuerySet":
        return self.filter(employed_on_condition(day))

    def employed_during(self, first, last) -> "StaffQuerySet":
        return self.filter(employed_during_condition(first, last))

    def audience_on(self, day) -> "StaffQuerySet":
        """Who the portal writes to on a day (charters, surveys): staff employed then whose
        account is active; a deactivated account is never emailed nor counted as reachable."""
        return self.employed_on(day).filter(user__is_active=True)


class StaffMember(models.Model):
    """An employee of the trust, linked one-to-one to their login account."""

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="staff_member")
    staff_id = models.CharField("staff id", max_length=50, unique=True)
    school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text="Empty for central (trust-wide) staff.",
    )
    role_group = models.CharField(max_length=10, choices=RoleGroup.choices)
    department = models.CharField(max_length=100, blank=True)
    fte = models.DecimalField(
        "FTE",
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("1"))],
    )
    working_days = models.CharField(max_length=27, default=FULL_WEEK)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(
        auto_now=True, help_text="Last change to this record or its account's details."
    )

    objects = StaffQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fte__gt=0, fte__lte=1), name="staff_fte_in_range"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="staff_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["school", "role_group"])]

    def __str__(self):
        return f"{self.user.get_full_name()} ({self.staff_id})"

    @property
    def weekday_numbers(self) -> frozenset[int]:
        """Weekdays worked, Monday = 0."""
        return frozenset(WEEKDAY_NAMES.index(day) for day in self.working_days.split())

    def is_employed_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    @property
    def is_leaver(self) -> bool:
        return self.end_date is not None and self.end_date < timezone.localdate()


class Role(models.TextChoices):
    STAFF = "staff", "Staff"
    HEAD = "head", "Head"
    CHAMPION = "champion", "Wellbeing champion"
    FIRST_AIDER = "first_aider", "Mental health first aider"
    GOVERNOR = "governor", "Governor"
    TRUSTEE = "trustee", "Trustee"
    HR = "hr", "HR"


SCHOOL_ROLES = {Role.HEAD, Role.CHAMPION, Role.FIRST_AIDER, Role.GOVERNOR}


class RoleAssignment(models.Model):
    """A role held by an account, for one school (head, champion, first aider, governor)
    or for the trust.

    Being staff is not assigned: every account with a current staff record is staff.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=20, choices=[c for c in Role.choices if c[0] != Role.STAFF])
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.CASCADE, related_name="role_assignments"
    )
    trained_on = models.DateField(null=True, blank=True)
    training_lapses_on = models.DateField(null=True, blank=True)
    contact_details = models.CharField(
        max_length=200,
        blank=True,
        help_text="How staff can reach this person, e.g. room or extension.",
    )

    class Meta:
        ordering = ["role", "school__urn"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "school"], name="role_assignment_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(school__isnull=True),
                name="trust_role_unique",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=["trustee", "hr"], school__isnull=True)
                    | (models.Q(school__isnull=False) & ~models.Q(role__in=["trustee", "hr"]))
                ),
                name="role_assignment_scope",
            ),
        ]

    def __str__(self):
        where = f" at {self.school}" if self.school_id else ""
        return f"{self.get_role_display()}{where}"


class AbsenceImport(BackgroundJob):
    """A large import file (absence records or staff) run in the background, with its progress
    and outcome. `kind` says which import; the job machinery is the same for both
    (people/import_jobs.py)."""

    job_task = "people.tasks.import_job_task"
    job_time_limit = timedelta(minutes=60)
    job_kind = "importing the file; nothing was imported"

    class Kind(models.TextChoices):
        ABSENCE = "absence", "Absence records"
        STAFF = "staff", "Staff"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ABSENCE)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=200)
    data = models.BinaryField(help_text="The uploaded file, kept until the import has run.")
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True)
    problems = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A check (dry run) lists what applying would change and keeps its file until `kept_until`,
    # so "Apply these changes" applies exactly the file that was checked.
    changes = models.JSONField(default=dict, blank=True)
    kept_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    def record_stopped(self, now):
        self.summary = self.stopped_reason
        self.finished_at = now
        return ["summary", "finished_at"]

    @property
    def percent_done(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0
