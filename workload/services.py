"""Writes for the workload app: keyword-only, atomic."""

from dataclasses import dataclass

from django.db import transaction

from people.models import School
from workload.models import (
    CalendarToken,
    DataDrop,
    DirectedEvent,
    ImpactAssessment,
    Meeting,
    RulesChange,
    WorkloadRules,
)

# --- meetings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breach:
    rule: str
    message: str
    overridable: bool


class MeetingRefused(Exception):
    def __init__(self, breaches: list[Breach]):
        self.breaches = breaches
        super().__init__("; ".join(b.message for b in breaches))


def meeting_breaches(*, school, starts_at, ends_at, agenda: str, purpose: str, now) -> list[Breach]:
    """Every rule the proposed meeting breaks (UK local time)."""
    from school_calendar.quiet_hours import UK
    from school_calendar.terms import is_school_working_day
    from workload.rules import rules_for

    rules = rules_for(school)
    start, end = starts_at.astimezone(UK), ends_at.astimezone(UK)
    breaches: list[Breach] = []
    if not (agenda or "").strip():
        breaches.append(Breach("agenda", "A meeting needs an agenda.", False))
    if not (purpose or "").strip():
        breaches.append(Breach("purpose", "A meeting needs a purpose.", False))
    if end <= start:
        breaches.append(Breach("times", "The meeting must finish after it starts.", False))
        return breaches
    if end.date() != start.date():
        breaches.append(Breach("times", "A meeting must start and finish on the same day.", False))
    if start < now:
        breaches.append(Breach("times", "The meeting cannot start in the past.", False))
    if not is_school_working_day(start.date(), school):
        breaches.append(
            Breach(
                "holiday",
                f"{start:%A %-d %B %Y} is not a school working day "
                "(a weekend, bank holiday or school holiday).",
                False,
            )
        )
    if end.time() > rules.latest_meeting_finish or end.date() != start.date():
        breaches.append(
            Breach(
                "latest_finish",
                f"Meetings must finish by {rules.latest_meeting_finish:%H:%M}; "
                f"this one ends at {end:%H:%M}.",
                False,
            )
        )
    minutes = int((end - start).total_seconds() // 60)
    if minutes > rules.max_meeting_minutes:
        breaches.append(
            Breach(
                "max_length",
                f"The meeting lasts {minutes} minutes; the limit is {rules.max_meeting_minutes}.",
                True,
            )
        )
    if (start.date() - now.astimezone(UK).date()).days < rules.min_notice_days:
        breaches.append(
            Breach("min_notice", f"Meetings need {rules.min_notice_days} days' notice.", True)
        )
    return breaches


@transaction.atomic
def meeting_save(
    *,
    organiser,
    school,
    title: str,
    purpose: str,
    agenda: str,
    location: str,
    starts_at,
    ends_at,
    invitees: list,
    invited_groups: str = "",
    override_reason: str = "",
    meeting=None,
    now=None,
    notify: bool = True,
):
    """Create (or update) a meeting after checking the rules.

    Raises MeetingRefused when a rule without override is broken, or an overridable one is broken
    without a reason. Returns (meeting, warnings), warnings naming teachers it takes past their
    directed-time budget. On an update, invitees are told what changed (new ones invited, removed
    ones told they are no longer expected).
    """
    from django.utils import timezone

    now = now or timezone.now()
    breaches = meeting_breaches(
        school=school, starts_at=starts_at, ends_at=ends_at, agenda=agenda, purpose=purpose, now=now
    )
    breaches += meeting_clashes(
        invitees=invitees, starts_at=starts_at, ends_at=ends_at, exclude=meeting
    )
    hard = [b for b in breaches if not b.overridable]
    soft = [b for b in breaches if b.overridable]
    reason = (override_reason or "").strip()
    if hard or (soft and not reason):
        raise MeetingRefused(hard + soft)
    if meeting is not None and meeting.is_cancelled:
        raise MeetingRefused([Breach("cancelled", "A cancelled meeting cannot be changed.", False)])
    warnings = directed_time_warnings(
        staff=invitees, starts_at=starts_at, ends_at=ends_at, exclude=meeting
    )
    created = meeting is None
    meeting = meeting or Meeting(organiser=organiser)
    before = {f: getattr(meeting, f) for f in MEETING_NOTICE_FIELDS}
    meeting.school = school
    meeting.title, meeting.purpose, meeting.agenda, meeting.location = (
        title,
        purpose,
        agenda,
        location,
    )
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.invited_groups = invited_groups
    meeting.overridden_rules = [b.rule for b in soft]
    meeting.override_reason = reason if soft else ""
    changed = [f for f in MEETING_NOTICE_FIELDS if before[f] != getattr(meeting, f)]
    if not created and changed:
        meeting.sequence += 1
    meeting.save()
    previous = set(meeting.invitees.values_list("pk", flat=True)) if not created else set()
    meeting.invitees.set(invitees)
    if notify:
        current = {p.pk for p in invitees}
        new_people = [p for p in invitees if p.pk not in previous]
        _meeting_notify(meeting, new_people, "workload/email/meeting_invitation")
        if changed:
            staying = [p for p in invitees if p.pk in previous]
            _meeting_notify(
                meeting, staying, "workload/email/meeting_changed", changed=_labels(changed)
            )
        if previous - current:
            from people.models import StaffMember

            removed = StaffMember.objects.select_related("user").filter(pk__in=previous - current)
            _meeting_notify(meeting, removed, "workload/email/meeting_cancelled", removed=True)
    return meeting, warnings


def meeting_clashes(*, invitees, starts_at, ends_at, exclude=None) -> list[Breach]:
    """An overridable breach when any invitee already has a meeting (not cancelled) that
    overlaps this one, naming who and which meeting (one query)."""
    from school_calendar.quiet_hours import UK

    if not invitees or ends_at <= starts_at:
        return []
    invited = {p.pk: p for p in invitees}
    others = (
        Meeting.invitees.through.objects.filter(
            staffmember_id__in=list(invited),
            meeting__cancelled_at__isnull=True,
            meeting__starts_at__lt=ends_at,
            meeting__ends_at__gt=starts_at,
        )
        .exclude(meeting_id=getattr(exclude, "pk", None))
        .select_related("meeting")
        .order_by("meeting__starts_at", "staffmember_id")
    )
    busy = []
    for row in others:
        person = invited[row.staffmember_id]
        name = person.user.get_full_name() or person.user.email
        start, end = row.meeting.starts_at.astimezone(UK), row.meeting.ends_at.astimezone(UK)
        busy.append(f"{name} (“{row.meeting.title}”, {start:%H:%M}–{end:%H:%M})")
    if not busy:
        return []
    count = len({row.staffmember_id for row in others})
    people = "1 invitee already has" if count == 1 else f"{count} invitees already have"
    shown = "; ".join(busy[:10]) + (f"; and {len(busy) - 10} more" if len(busy) > 10 else "")
    return [Breach("clash", f"{people} a meeting at that time: {shown}.", True)]


# Changes invitees are told about (and that raise the calendar SEQUENCE).
MEETING_NOTICE_FIELDS = ("title", "purpose", "agenda", "location", "starts_at", "ends_at", "school")


def _labels(fields) -> list[str]:
    names = {"starts_at": "time", "ends_at": "time", "school": "school"}
    return list(dict.fromkeys(names.get(f, f) for f in fields))


def _meeting_notify(meeting, people, template: str, **extra) -> None:
    from django.urls import reverse

    from notifications.mail import notification_send

    emails = [p.user.email for p in people if p.user.is_active]
    if emails:
        notification_send(
            to=emails,
            template=template,
            context={"meeting": meeting, "meetings_url": reverse("workload:meetings"), **extra},
            school=meeting.school,
        )


class MeetingCancelRefused(Exception):
    pass


@transaction.atomic
def meeting_cancel(*, meeting, cancelled_by, reason: str = "", now=None) -> Meeting:
    """Cancel a meeting that has not started: it stops counting as directed time, stays in the
    calendar feed as CANCELLED (same UID, higher SEQUENCE), and invitees are told."""
    from django.utils import timezone

    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise MeetingCancelRefused("The meeting is already cancelled.")
    if meeting.starts_at <= now:
        raise MeetingCancelRefused(
            "The meeting has already started; record an overrun instead of cancelling it."
        )
    meeting.cancelled_at, meeting.cancelled_by = now, cancelled_by
    meeting.cancel_reason = (reason or "").strip()[:300]
    meeting.sequence += 1
    meeting.save(
        update_fields=["cancelled_at", "cancelled_by", "cancel_reason", "sequence", "updated_at"]
    )
    invitees = meeting.invitees.select_related("user")
    _meeting_notify(meeting, invitees, "workload/email/meeting_cancelled", removed=False)
    return meeting


def directed_time_warnings(*, staff: list, starts_at, ends_at, exclude=None) -> list[str]:
    """Names of teachers this meeting would take past their directed-time budget."""
    from decimal import Decimal

    from people.models import RoleGroup
    from school_calendar.quiet_hours import UK
    from school_calendar.terms import academic_year_for
    from workload.selectors import directed_time

    teachers = [p for p in staff if p.role_group == RoleGroup.TEACHING]
    if not teachers:
        return []
    hours = Decimal((ends_at - starts_at).total_seconds() / 3600)
    already: set[int] = set()
    old_hours = Decimal(0)
    if exclude is not None and exclude.pk:
        already = set(exclude.invitees.values_list("pk", flat=True))
        old_hours = Decimal(exclude.directed_minutes) / 60
    rows = directed_time(
        staff=teachers, academic_year=academic_year_for(starts_at.astimezone(UK).date())
    )
    warnings = []
    for row in rows:
        after = row.balance - hours + (old_hours if row.staff.pk in already else 0)
        if after < 0:
            name = row.staff.user.get_full_name() or row.staff.user.email
            warnings.append(
                f"{name} would be {-after:.1f} hours past their directed-time budget "
                f"of {row.budget} hours."
            )
    return warnings


def meeting_overrun_record(*, meeting, minutes: int) -> None:
    meeting.overran_minutes = minutes or None
    meeting.save(update_fields=["overran_minutes", "updated_at"])


# --- rules, drops, assessments, events, feeds ------------------------------------------------


@transaction.atomic
def rules_update(*, school, values: dict, changed_by, reason: str = "") -> WorkloadRules:
    """Save a school's (or the trust's) rules and record what changed, by whom."""
    rules = WorkloadRules.objects.select_for_update().filter(school=school).first()
    if rules is None:
        from workload.rules import rules_for

        base = rules_for(school)  # a school's new set starts from the trust's
        rules = WorkloadRules(
            school=school, **{f: getattr(base, f) for f in WorkloadRules.RULE_FIELDS}
        )
        before = {f: None for f in WorkloadRules.RULE_FIELDS}
    else:
        before = {f: getattr(rules, f) for f in WorkloadRules.RULE_FIELDS}
    for name, value in values.items():
        setattr(rules, name, value)
    rules.full_clean()
    rules.save()
    changes = {
        f: [_plain(before[f]), _plain(getattr(rules, f))]
        for f in WorkloadRules.RULE_FIELDS
        if before[f] != getattr(rules, f)
    }
    if changes:
        RulesChange.objects.create(
            rules=rules, changed_by=changed_by, changes=changes, reason=reason
        )
    return rules


def _plain(value):
    from datetime import time

    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value


def rules_reset(*, school, changed_by) -> None:
    """Remove a school's own rules so the trust's apply again (kept in the trust's history)."""
    WorkloadRules.objects.filter(school=school).delete()


class DataDropRefused(Exception):
    pass


@transaction.atomic
def data_drop_add(
    *, school, title: str, due_on, description: str, override_reason: str, created_by
) -> DataDrop:
    from school_calendar.terms import academic_year_for
    from workload.rules import rules_for

    academic_year = academic_year_for(due_on)
    # Lock the school row so two drops added at once cannot both slip under the limit.
    School.objects.select_for_update().get(pk=school.pk)
    count = DataDrop.objects.filter(school=school, academic_year=academic_year).count()
    limit = rules_for(school).max_data_drops
    reason = (override_reason or "").strip()
    if count >= limit and not reason:
        raise DataDropRefused(
            f"{school} already has {count} data drop(s) in {academic_year}; "
            f"the yearly maximum is {limit}. "
            "Give a reason to add another."
        )
    return DataDrop.objects.create(
        school=school,
        academic_year=academic_year,
        title=title,
        due_on=due_on,
        description=description,
        override_reason=reason if count >= limit else "",
        created_by=created_by,
    )


def directed_event_add(*, form) -> DirectedEvent:
    """Add a directed event from its valid form (DirectedEventForm)."""
    return form.save()


def impact_assessment_add(*, form, created_by) -> ImpactAssessment:
    """Publish a workload impact assessment from its valid form (ImpactAssessmentForm)."""
    assessment = form.save(commit=False)
    assessment.created_by = created_by
    assessment.save()
    return assessment


def calendar_token_renew(*, user) -> tuple[CalendarToken, str]:
    """Issue a new private feed address; the old one stops working at once.

    Returns the stored entry and the plain token, which is kept nowhere: show it once.
    """
    token = CalendarToken.new_token()
    entry, _ = CalendarToken.objects.update_or_create(
        user=user, defaults={"token_hash": CalendarToken.hash_of(token)}
    )
    return entry, token
