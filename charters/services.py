"""Writes for charters: drafts, publishing, acknowledgements, reads and evidence."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from charters.models import (
    Acknowledgement,
    Charter,
    CharterRead,
    CharterVersion,
    FrozenVersionError,
    Pledge,
    PledgeEvidence,
    Section,
)
from people.access import staff_record
from people.models import StaffMember


class CharterError(Exception):
    """A request HR can fix, with a message to show."""


def _ensure_draft(version: CharterVersion) -> None:
    stored = CharterVersion.objects.filter(pk=version.pk).values_list("status", flat=True).first()
    if stored != CharterVersion.Status.DRAFT:
        raise FrozenVersionError()


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "charter"
    slug, n = base, 1
    while Charter.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def charter_create(*, kind: str, title: str, school=None, slug: str = "") -> Charter:
    """A new charter with an empty first draft."""
    charter = Charter.objects.create(
        kind=kind, title=title, school=school, slug=slug or _unique_slug(title)
    )
    CharterVersion.objects.create(charter=charter, title=title)
    return charter


@transaction.atomic
def charter_import(*, document, kind: str, school=None) -> CharterVersion:
    """A new charter whose first draft holds what was read from a document (never published)."""
    if document.problems:
        raise CharterError("The document cannot be imported: " + " ".join(document.problems))
    charter = charter_create(kind=kind, title=document.title, school=school)
    draft = charter.versions.get()
    draft.introduction = document.introduction
    draft.save(update_fields=["introduction"])
    sections = Section.objects.bulk_create(
        Section(version=draft, position=position, title=s.title, introduction=s.introduction)
        for position, s in enumerate(document.sections, start=1)
    )
    Pledge.objects.bulk_create(
        Pledge(section=section, position=position, commitment=p.commitment, detail=p.detail)
        for section, parsed in zip(sections, document.sections, strict=True)
        for position, p in enumerate(parsed.pledges, start=1)
    )
    return draft


@transaction.atomic
def draft_start(*, charter: Charter) -> CharterVersion:
    """The charter's draft: the existing one, or a copy of the current version to edit."""
    Charter.objects.select_for_update().filter(pk=charter.pk).order_by().first()
    draft = charter.versions.filter(status=CharterVersion.Status.DRAFT).first()
    if draft is not None:
        return draft
    current = charter.current_version
    if current is None:
        return CharterVersion.objects.create(charter=charter, title=charter.title)
    draft = CharterVersion.objects.create(
        charter=charter, title=current.title, introduction=current.introduction, based_on=current
    )
    old_sections = list(current.sections.prefetch_related("pledges"))
    new_sections = Section.objects.bulk_create(
        Section(
            version=draft,
            position=s.position,
            title=s.title,
            introduction=s.introduction,
            key=s.key,
        )
        for s in old_sections
    )
    Pledge.objects.bulk_create(
        Pledge(
            section=new,
            position=p.position,
            commitment=p.commitment,
            detail=p.detail,
            owner_role=p.owner_role,
            owner_person_id=p.owner_person_id,
            review_on=p.review_on,
            measure_key=p.measure_key,
            key=p.key,
        )
        for old, new in zip(old_sections, new_sections, strict=True)
        for p in old.pledges.all()
    )
    return draft


def _assign(obj, fields: dict) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


@transaction.atomic
def draft_update(*, version: CharterVersion, title: str, introduction: str) -> CharterVersion:
    _ensure_draft(version)
    _assign(version, {"title": title, "introduction": introduction})
    version.save()
    return version


@transaction.atomic
def section_add(*, version: CharterVersion, **fields) -> Section:
    _ensure_draft(version)
    if not fields.get("position"):
        last = version.sections.aggregate(m=Max("position"))["m"] or 0
        fields["position"] = last + 1
    return Section.objects.create(version=version, **fields)


@transaction.atomic
def section_update(*, section: Section, **fields) -> Section:
    _ensure_draft(section.version)
    _assign(section, fields)
    section.save()
    return section


@transaction.atomic
def section_delete(*, section: Section) -> None:
    _ensure_draft(section.version)
    section.delete()


@transaction.atomic
def pledge_add(*, section: Section, **fields) -> Pledge:
    _ensure_draft(section.version)
    if not fields.get("position"):
        last = section.pledges.aggregate(m=Max("position"))["m"] or 0
        fields["position"] = last + 1
    return Pledge.objects.create(section=section, **fields)


@transaction.atomic
def pledge_update(*, pledge: Pledge, **fields) -> Pledge:
    _ensure_draft(pledge.section.version)
    _assign(pledge, fields)
    pledge.save()
    return pledge


@transaction.atomic
def pledge_delete(*, pledge: Pledge) -> None:
    _ensure_draft(pledge.section.version)
    pledge.delete()


@transaction.atomic
def charter_publish(
    *, version: CharterVersion, by, change_summary: str, notify: bool = True, at=None
) -> CharterVersion:
    """Publish a draft as the charter's next version and tell its audience."""
    charter = Charter.objects.select_for_update().order_by().get(pk=version.charter_id)
    _ensure_draft(version)
    if not Pledge.objects.filter(section__version=version).exists():
        raise CharterError("Add at least one pledge before publishing.")
    change_summary = (change_summary or "").strip()
    previous = charter.versions.aggregate(m=Max("number"))["m"] or 0
    if previous and not change_summary:
        raise CharterError("Write a summary of what changed since the last version.")
    version.number = previous + 1
    version.status = CharterVersion.Status.PUBLISHED
    version.change_summary = change_summary or "First version."
    version.published_at = at or timezone.now()
    version.published_by = by
    version.save()
    charter.current_version = version
    charter.save(update_fields=["current_version"])
    if notify:
        from notifications.outbox import task_defer

        # Through the outbox, so a broker outage delays the emails instead of losing them.
        task_defer(
            task="charters.tasks.version_notify_task",
            kwargs={"version_id": version.pk},
            due_at=timezone.now(),
        )
    return version


def audience_staff(charter: Charter):
    """Current staff a charter applies to: everyone for a trust charter, else that school's."""
    staff = StaffMember.objects.audience_on(timezone.localdate())
    if charter.school_id:
        staff = staff.filter(school_id=charter.school_id)
    return staff.select_related("user", "school").order_by("pk")


def version_notify(*, version_id: int, now: datetime | None = None) -> list[datetime]:
    """Email the charter's audience; each email waits for the end of its school's quiet hours."""
    from notifications.mail import notifications_send_many

    version = CharterVersion.objects.select_related("charter", "charter__school").get(pk=version_id)
    charter = version.charter
    from django.conf import settings

    path = reverse("charters:detail", kwargs={"pk": charter.pk})
    if version.number and version.number > 1:
        query = f"?from={version.number - 1}&to={version.number}"
        path = reverse("charters:compare", kwargs={"pk": charter.pk}) + query
    context = {
        "charter": charter.title,
        "number": version.number,
        "change_summary": version.change_summary,
        "url": settings.SITE_URL + path,
        "audience": charter.audience_label,
    }
    messages = (
        (
            [member.user.email],
            {**context, "name": member.user.first_name or member.user.email},
            member.school,
        )
        for member in audience_staff(charter).iterator(chunk_size=500)
    )
    return notifications_send_many(messages=messages, template="charters/email/published", now=now)


@transaction.atomic
def acknowledgement_record(*, version: CharterVersion, user) -> tuple[Acknowledgement, bool]:
    if not version.is_published:
        raise CharterError("Only a published version can be acknowledged.")
    staff = staff_record(user)
    return Acknowledgement.objects.get_or_create(
        version=version, user=user, defaults={"school_id": staff.school_id if staff else None}
    )


def read_record(*, charter: Charter, user, number: int) -> None:
    """Remember the newest version of the charter the person has opened."""
    updated = CharterRead.objects.filter(charter=charter, user=user, number__lt=number).update(
        number=number, read_at=timezone.now()
    )
    if not updated:
        CharterRead.objects.get_or_create(charter=charter, user=user, defaults={"number": number})


@transaction.atomic
def evidence_record(
    *, charter: Charter, pledge_key, status: str, note: str, evidence_on: date, by
) -> PledgeEvidence:
    if not Pledge.objects.filter(section__version__charter=charter, key=pledge_key).exists():
        raise CharterError("That pledge is not part of this charter.")
    return PledgeEvidence.objects.create(
        charter=charter,
        pledge_key=pledge_key,
        status=status,
        note=note,
        evidence_on=evidence_on,
        recorded_by=by,
    )
