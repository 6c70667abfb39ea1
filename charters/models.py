"""Charters, their versions, sections and pledges, and what staff and HR record against them.

A published version is a fixed record: saving or deleting it, or any of its sections and pledges,
raises FrozenVersionError. An update is a new draft copied from the current version.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from people.models import Role, School

FROZEN_MESSAGE = "This version is published and cannot be changed. Start a new draft instead."


class FrozenVersionError(ValidationError):
    def __init__(self, message=FROZEN_MESSAGE):
        super().__init__(message, code="frozen")


class Charter(models.Model):
    class Kind(models.TextChoices):
        WELLBEING = "wellbeing", "Wellbeing charter"
        WORKLOAD = "workload", "Workload charter"
        OTHER = "other", "Charter"

    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WELLBEING)
    title = models.CharField(max_length=200)
    school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="charters",
        help_text="Empty for a trust charter, which applies to every school.",
    )
    current_version = models.OneToOneField(
        "CharterVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school__urn", "kind", "title"]

    def __str__(self):
        return self.title

    @property
    def is_trust_charter(self) -> bool:
        return self.school_id is None

    @property
    def audience_label(self) -> str:
        return self.school.name if self.school_id else "Every school in the trust"


class FrozenQuerySet(models.QuerySet):
    """Bulk updates and deletes refuse to touch published rows too (save() covers single rows)."""

    published_lookup = "version__status"

    def _touches_published(self) -> bool:
        return self.filter(**{self.published_lookup: CharterVersion.Status.PUBLISHED}).exists()

    def update(self, **kwargs):
        if self._touches_published():
            raise FrozenVersionError()
        return super().update(**kwargs)

    def delete(self):
        if self._touches_published():
            raise FrozenVersionError()
        return super().delete()


class VersionQuerySet(FrozenQuerySet):
    published_lookup = "status"


class PledgeQuerySet(FrozenQuerySet):
    published_lookup = "section__version__status"


class FrozenWhenPublished:
    """save() and delete() refuse a row that belongs to a published version (see _frozen)."""

    def _frozen(self) -> bool:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        if self._frozen():
            raise FrozenVersionError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._frozen():
            raise FrozenVersionError()
        return super().delete(*args, **kwargs)


class CharterVersion(FrozenWhenPublished, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True, help_text="Markdown.")
    change_summary = models.TextField(blank=True)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["charter", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "number"], name="charter_version_number"),
            models.UniqueConstraint(
                fields=["charter"], condition=Q(status="draft"), name="charter_one_draft"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="draft", number__isnull=True)
                    | Q(status="published", number__isnull=False, published_at__isnull=False)
                ),
                name="charter_version_published_has_number",
            ),
        ]

    def __str__(self):
        if self.is_published:
            return f"{self.title} (version {self.number})"
        return f"{self.title} (draft)"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def _frozen(self) -> bool:
        if self.pk is None:
            return False
        return CharterVersion.objects.filter(pk=self.pk, status=self.Status.PUBLISHED).exists()


def _version_is_published(version_id) -> bool:
    return CharterVersion.objects.filter(
        pk=version_id, status=CharterVersion.Status.PUBLISHED
    ).exists()


class Section(FrozenWhenPublished, models.Model):
    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True, help_text="Markdown.")
    # Carried over to each new draft, so a comparison can match the section across versions.
    key = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="section_key_per_version")
        ]

    def __str__(self):
        return self.title

    def _frozen(self) -> bool:
        if _version_is_published(self.version_id):
            return True
        if self.pk is None:
            return False
        stored = Section.objects.filter(pk=self.pk).values_list("version_id", flat=True).first()
        return stored is not None and _version_is_published(stored)


COMMITMENT_MAX_LENGTH = 500


class Owner(models.TextChoices):
    """Who answers for a pledge: everyone, a group of people by role, or one named person."""

    EVERYONE = "everyone", "Everyone"
    LEADERS = "leaders", "All leaders"
    HEAD = Role.HEAD.value, "Heads"
    CHAMPION = Role.CHAMPION.value, "Wellbeing champions"
    FIRST_AIDER = Role.FIRST_AIDER.value, "Mental health first aiders"
    GOVERNOR = Role.GOVERNOR.value, "Governors"
    TRUSTEE = Role.TRUSTEE.value, "Trustees"
    HR = Role.HR.value, "HR"
    PERSON = "person", "A named person"


class Pledge(FrozenWhenPublished, models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="pledges")
    position = models.PositiveIntegerField(default=1)
    commitment = models.CharField(
        max_length=COMMITMENT_MAX_LENGTH,
        help_text="A commitment, e.g. “We will…”. *Emphasis* and **bold** are kept.",
    )
    detail = models.TextField(blank=True, help_text="Markdown.")
    owner_role = models.CharField("owner", max_length=20, choices=Owner.choices, default=Owner.HR)
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="named owner",
        help_text="Only when the owner is a named person.",
    )
    review_on = models.DateField("review date", null=True, blank=True)
    measure_key = models.CharField(
        max_length=60,
        blank=True,
        help_text="A measure the portal computes; empty when HR records evidence instead.",
    )
    # The same pledge keeps its key in every version; evidence and comparisons follow it.
    key = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["section", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner_role="person", owner_person__isnull=False)
                    | (~Q(owner_role="person") & Q(owner_person__isnull=True))
                ),
                name="pledge_named_owner_only_for_person",
            )
        ]

    def __str__(self):
        return self.commitment

    @property
    def owner_label(self) -> str:
        if self.owner_role == Owner.PERSON and self.owner_person_id:
            person = self.owner_person
            return person.get_full_name() or person.email
        return self.get_owner_role_display()

    def _frozen(self) -> bool:
        version_id = Section.objects.filter(pk=self.section_id).values_list("version_id", flat=True)
        if CharterVersion.objects.filter(pk__in=version_id, status="published").exists():
            return True
        if self.pk is None:
            return False
        return Pledge.objects.filter(pk=self.pk, section__version__status="published").exists()


class PledgeEvidence(models.Model):
    """Evidence HR records against a pledge; the newest entry gives the pledge's status."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OFF_TRACK = "off_track", "Off track"

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="evidence")
    pledge_key = models.UUIDField()
    status = models.CharField(max_length=10, choices=Status.choices)
    note = models.TextField()
    evidence_on = models.DateField("date of evidence")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-evidence_on", "-recorded_at", "-pk"]
        indexes = [models.Index(fields=["charter", "pledge_key", "-evidence_on"])]

    def __str__(self):
        return f"{self.get_status_display()} on {self.evidence_on}"


class Acknowledgement(models.Model):
    version = models.ForeignKey(
        CharterVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="charter_acknowledgements"
    )
    # The school the person worked at when they acknowledged (empty: central staff).
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.SET_NULL)
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="acknowledge_once")]
        indexes = [models.Index(fields=["version", "school"])]

    def __str__(self):
        return f"{self.user} acknowledged {self.version}"


class CharterRead(models.Model):
    """The newest version of a charter a person has opened (for "see what changed" notices)."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="charter_reads"
    )
    number = models.PositiveIntegerField()
    read_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["charter", "user"], name="charter_read_once")
        ]

    def __str__(self):
        return f"{self.user} read {self.charter} version {self.number}"
