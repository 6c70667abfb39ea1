"""Support and people indicators: help lines, exit interviews, casework counts, flexible working,
training programmes, leader check-ins and buddies, leave of absence requests.

Mental health first aiders and wellbeing champions are `people.RoleAssignment` rows (with their
training dates); this app reads them. Their training is also kept as completions of the one
training programme marked as mental health first aid, and recording one updates the other.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from common.moderation import CommentStatus
from people.models import RoleGroup, School, StaffMember


class HelpLine(models.Model):
    """A source of help HR lists on the Get support page (the EAP, charities, help lines)."""

    name = models.CharField(max_length=120)
    offers = models.TextField("what it offers", max_length=1000)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    hours = models.CharField("opening hours", max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers are listed first."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if not self.phone and not self.website:
            raise ValidationError("Give a phone number, a website or both, so staff can reach it.")


class FlexibleWorkingPolicy(models.Model):
    """The trust's flexible working policy and how to ask, shown to every member of staff."""

    text = models.TextField(help_text="Markdown: the policy in short and how to make a request.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return "Flexible working policy"


class ExitInvitation(models.Model):
    """The offer of an exit questionnaire to one leaver: a single-use link, stored only as a hash.

    It records THAT a leaver was offered (and whether the link was used), never what they said:
    the answers (ExitAnswer) have no key, id or timestamp in common with this row.
    """

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="exit_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    leave_date = models.DateField()
    expires_on = models.DateField(
        help_text="The last day the link works: the leave date plus 30 days."
    )
    offered_on = models.DateField()
    used = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["staff"], name="exit_invitation_once")]

    def __str__(self):
        return f"Exit questionnaire offered to {self.staff_id}"


class ExitReason(models.TextChoices):
    WORKLOAD = "workload", "Workload"
    WORK_LIFE = "work_life_balance", "Work-life balance"
    PAY = "pay", "Pay and benefits"
    PROGRESSION = "progression", "Career progression or promotion"
    LEADERSHIP = "leadership", "Leadership and management"
    CULTURE = "culture", "School culture or relationships with colleagues"
    BEHAVIOUR = "behaviour", "Pupil behaviour"
    WELLBEING = "wellbeing", "My health or wellbeing"
    CARING = "caring", "Family or caring responsibilities"
    RELOCATION = "relocation", "Moving away"
    RETIREMENT = "retirement", "Retirement"
    CONTRACT_END = "contract_end", "A fixed-term contract ended"
    LEAVING_EDUCATION = "leaving_education", "Leaving education for another sector"
    OTHER = "other", "Another reason"


class KeptBy(models.TextChoices):
    FLEXIBLE = "flexible_working", "Flexible or part-time working"
    LESS_WORKLOAD = "less_workload", "A lighter workload"
    PAY = "better_pay", "Better pay"
    DEVELOPMENT = "development", "Training or a route to promotion"
    SUPPORT = "manager_support", "More support from leaders"
    BEHAVIOUR = "behaviour_support", "More support with pupil behaviour"
    WELLBEING = "wellbeing_support", "More support for my wellbeing"
    NOTHING = "nothing", "Nothing: I would have left anyway"


class ExitAnswer(models.Model):
    """One leaver's answers, kept apart from who they are (like a survey response).

    Random primary key, coarse context only (school, role group) and the day answered at most.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role_group = models.CharField(max_length=10, choices=RoleGroup.choices)
    answered_on = models.DateField()
    reasons = models.JSONField(default=list)
    kept_by = models.JSONField(default=list)
    comment = models.TextField(blank=True, max_length=4000)
    # HR reviews a comment (and may redact names) before it is shown, as for survey comments.
    comment_status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    shown_comment = models.TextField(
        blank=True, max_length=4000, help_text="The comment as approved, with any redactions."
    )

    class Meta:
        # Never order by anything that could follow the order of answering.
        ordering = ["id"]
        indexes = [models.Index(fields=["answered_on"])]

    def __str__(self):
        return "Exit questionnaire answer"


class CaseworkCount(models.Model):
    """HR's counts of formal casework for a school (or the central team) in a term: no names."""

    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    term_key = models.CharField("term", max_length=20, help_text="e.g. 2026-27-autumn")
    grievances = models.PositiveIntegerField(default=0)
    complaints = models.PositiveIntegerField(default=0)
    disciplinaries = models.PositiveIntegerField("disciplinary cases", default=0)
    disputes = models.PositiveIntegerField("industrial disputes", default=0)
    note = models.TextField(
        blank=True, max_length=2000, help_text="Context only. Never write names."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-term_key", "school__urn"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "term_key"],
                name="casework_once_per_school_term",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"Casework {self.term_key} {self.school or 'central'}"


class FlexibleRequestKind(models.TextChoices):
    HOURS = "reduced_hours", "Reduced hours or part-time"
    COMPRESSED = "compressed_hours", "Compressed hours"
    PATTERN = "working_pattern", "A different working pattern or days"
    JOB_SHARE = "job_share", "Job share"
    REMOTE = "remote", "Working from home for planning or admin time"
    FLEXITIME = "flexitime", "Flexible start and finish times"
    LEAVE = "ad_hoc_leave", "Occasional personal days"
    OTHER = "other", "Other"


class Decision(models.TextChoices):
    OPEN = "open", "Open (not yet decided)"
    GRANTED = "granted", "Granted"
    DECLINED = "declined", "Declined"


class DecidedRequest(models.Model):
    """What the flexible working and leave of absence registers share.

    A request from a school's role group (no names) and the decision on it: open, or granted or
    declined on a day no earlier than the request was received, with a reason when declined.
    """

    # The message when a declined request gives no reason for declining.
    decline_reason_needed = "Give the reason for declining."

    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role_group = models.CharField(max_length=10, choices=RoleGroup.choices)
    received_on = models.DateField("date received")
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.OPEN)
    decided_on = models.DateField("date decided", null=True, blank=True)
    decline_reason = models.TextField("reason for declining", blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["school", "received_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(decision="open", decided_on__isnull=True)
                    | (
                        ~models.Q(decision="open")
                        & models.Q(decided_on__gte=models.F("received_on"))
                    )
                ),
                name="%(class)s_decided_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision="declined", decline_reason=""),
                name="%(class)s_decline_reason",
            ),
        ]

    def decision_problems(self) -> dict:
        """clean()'s messages by field for the decision, its date and the reason for declining."""
        problems = {}
        if self.decision == Decision.OPEN and self.decided_on:
            problems["decided_on"] = (
                "An open request has no decision date; choose granted or declined."
            )
        if self.decision != Decision.OPEN and not self.decided_on:
            problems["decided_on"] = "Give the date the decision was made."
        if self.decided_on and self.received_on and self.decided_on < self.received_on:
            problems["decided_on"] = "The decision cannot come before the request was received."
        if self.decision == Decision.DECLINED and not self.decline_reason.strip():
            problems["decline_reason"] = self.decline_reason_needed
        return problems

    def clean(self):
        if problems := self.decision_problems():
            raise ValidationError(problems)

    @property
    def days_to_decision(self) -> int | None:
        return (self.decided_on - self.received_on).days if self.decided_on else None


class FlexibleWorkingRequest(DecidedRequest):
    """A flexible working request in the register HR and heads keep (no names: role group only)."""

    decline_reason_needed = "Give the business reason for declining."

    kind = models.CharField("kind of request", max_length=20, choices=FlexibleRequestKind.choices)

    def __str__(self):
        return f"{self.get_kind_display()} ({self.received_on})"


# --- Training programmes ----------------------------------------------------------------------


class Audience(models.TextChoices):
    ALL_STAFF = "all_staff", "All staff"
    TEACHING = "teaching", "Teaching staff"
    SUPPORT = "support", "Support staff"
    LEADERS = "leaders", "Leaders (heads and senior leaders)"
    NEW_STARTERS = "new_starters", "New starters"
    SCHOOL = "school", "All staff of one school"
    FIRST_AIDERS = "first_aiders", "Mental health first aiders"


class TrainingProgramme(models.Model):
    """A course the trust asks a group of staff to complete, and how long a completion lasts."""

    name = models.CharField(max_length=120, unique=True)
    audience = models.CharField("who must take it", max_length=20, choices=Audience.choices)
    school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Only for the audience “All staff of one school”.",
    )
    due_within_weeks = models.PositiveSmallIntegerField(
        "complete within (weeks)",
        default=6,
        help_text="Weeks a person has to complete it after starting (or after the programme "
        "begins). For new starters: the weeks after their start date.",
    )
    starts_on = models.DateField(
        "required from", help_text="Staff already in post are due this many weeks after this day."
    )
    valid_for_months = models.PositiveSmallIntegerField(
        "a completion lasts (months)",
        null=True,
        blank=True,
        help_text="Empty: a completion never lapses.",
    )
    target_pct = models.PositiveSmallIntegerField(
        "on-track threshold (%)",
        default=90,
        help_text="The pledge measure is on track when at least this share of the audience has "
        "a current completion (at risk within 15 points below).",
    )
    is_first_aid = models.BooleanField(
        default=False,
        editable=False,
        help_text="Mental health first aid: completions also set the first aiders' dates.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_first_aid"],
                condition=models.Q(is_first_aid=True),
                name="training_one_first_aid_programme",
            ),
            # Completions files and the report name programmes, ignoring case.
            models.UniqueConstraint(
                Lower("name"),
                name="training_programme_name_unique_ignoring_case",
                violation_error_message="A programme with this name already exists.",
            ),
            models.CheckConstraint(
                condition=models.Q(audience="school", school__isnull=False)
                | (~models.Q(audience="school") & models.Q(school__isnull=True)),
                name="training_school_only_for_school_audience",
            ),
            models.CheckConstraint(
                condition=models.Q(target_pct__lte=100), name="training_target_at_most_100"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.audience == Audience.SCHOOL and not self.school_id:
            raise ValidationError({"school": "Choose the school whose staff must take it."})
        if self.audience != Audience.SCHOOL and self.school_id:
            raise ValidationError({"school": "A school is only chosen for one school's staff."})
        if self.target_pct is not None and self.target_pct > 100:
            raise ValidationError({"target_pct": "A share cannot be above 100%."})

    @property
    def measure_key(self) -> str:
        return f"training_{self.pk}"


class TrainingSource(models.TextChoices):
    FORM = "form", "Recorded by HR"
    IMPORT = "import", "Imported"
    MIGRATED = "migrated", "From the first aiders' records"


class TrainingCompletion(models.Model):
    """One person completing a programme on a day; lapses_on is fixed when it is recorded."""

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="training_completions"
    )
    programme = models.ForeignKey(
        TrainingProgramme, on_delete=models.CASCADE, related_name="completions"
    )
    completed_on = models.DateField()
    lapses_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=TrainingSource.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "programme", "completed_on"], name="training_completion_once"
            ),
            models.CheckConstraint(
                condition=models.Q(lapses_on__isnull=True)
                | models.Q(lapses_on__gt=models.F("completed_on")),
                name="training_lapses_after_completion",
            ),
        ]
        indexes = [models.Index(fields=["programme", "staff", "completed_on"])]

    def __str__(self):
        return f"{self.programme} completed {self.completed_on}"


# --- Leader wellbeing -------------------------------------------------------------------------


class LeaderCheckIn(models.Model):
    """That a head met their wellbeing partner on a day. Nothing of what was said is kept."""

    head = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="leader_check_ins"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    partner = models.CharField(
        "partner's name", max_length=120, help_text="The head or coach they meet with."
    )
    met_on = models.DateField("date met")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-met_on", "-pk"]
        indexes = [models.Index(fields=["school", "met_on"])]

    def __str__(self):
        return f"Check-in {self.met_on}"


# A leader counts as new in a term when they started as a leader within this many months of its end.
NEW_LEADER_MONTHS = 12


class NewLeader(models.Model):
    """A leader new in post, and the buddy the trust has named for them (blank until named)."""

    leader = models.ForeignKey("people.User", on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    started_on = models.DateField("started as a leader on")
    buddy = models.CharField("buddy's name", max_length=120, blank=True)
    buddy_named_on = models.DateField("buddy named on", null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "school"], name="new_leader_once"),
            models.CheckConstraint(
                condition=models.Q(buddy="", buddy_named_on__isnull=True)
                | (~models.Q(buddy="") & models.Q(buddy_named_on__isnull=False)),
                name="new_leader_buddy_with_date",
            ),
        ]

    def __str__(self):
        return f"New leader from {self.started_on}"

    def clean(self):
        if self.buddy.strip() and not self.buddy_named_on:
            raise ValidationError({"buddy_named_on": "Give the date the buddy was named."})
        if self.buddy_named_on and not self.buddy.strip():
            raise ValidationError({"buddy": "Name the buddy, or clear the date."})


# --- Leave of absence -------------------------------------------------------------------------


class LeaveReason(models.TextChoices):
    FAMILY_EVENT = "family_event", "A family event (wedding, graduation)"
    RELIGIOUS = "religious", "Religious observance"
    CARING = "caring", "Caring for a dependant"
    BEREAVEMENT = "bereavement", "Bereavement beyond the statutory leave"
    MEDICAL = "medical", "A medical appointment or treatment"
    MOVING = "moving_home", "Moving home"
    STUDY = "study", "Study or an examination"
    PUBLIC_DUTY = "public_duty", "Public duties or volunteering"
    OTHER = "other", "Another reason"


class LeaveRequest(DecidedRequest):
    """A leave of absence request in the register (no names: role group only)."""

    reason = models.CharField("reason category", max_length=20, choices=LeaveReason.choices)
    first_day = models.DateField("first day of leave")
    last_day = models.DateField("last day of leave")

    class Meta(DecidedRequest.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="leave_request_days_in_order",
            ),
            *DecidedRequest.Meta.constraints,
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.first_day})"

    def clean(self):
        problems = {}
        if self.first_day and self.last_day and self.last_day < self.first_day:
            problems["last_day"] = "The last day cannot come before the first day."
        problems |= self.decision_problems()
        if problems:
            raise ValidationError(problems)
