"""Reads for the workload app."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum

from notifications.models import NotificationRecord
from people.access import Perm, filter_by_school, has_perm, school_ids_for, staff_record
from people.models import RoleGroup, School, StaffMember
from school_calendar.quiet_hours import UK
from school_calendar.terms import academic_year_for, parse_term_key, term_dates
from workload.models import (
    CalendarToken,
    DataDrop,
    DirectedEvent,
    ImpactAssessment,
    Meeting,
    WorkloadRules,
)
from workload.rules import rules_for, school_id_of

DIRECTED_HOURS_FULL_TIME = Decimal("1265")


def academic_year_bounds(academic_year: str) -> tuple[date, date]:
    start = int(academic_year[:4])
    return date(start, 9, 1), date(start + 1, 8, 31)


def _uk_range(first: date, last: date) -> tuple[datetime, datetime]:
    return datetime.combine(first, time.min, tzinfo=UK), datetime.combine(
        last + timedelta(days=1), time.min, tzinfo=UK
    )


@dataclass
class DirectedTimeRow:
    staff: StaffMember
    budget: Decimal
    meeting_hours: Decimal
    event_hours: Decimal

    @property
    def planned(self) -> Decimal:
        return self.meeting_hours + self.event_hours

    @property
    def balance(self) -> Decimal:
        return self.budget - self.planned

    @property
    def over_budget(self) -> bool:
        return self.balance < 0


def directed_time(*, staff: list[StaffMember], academic_year: str) -> list[DirectedTimeRow]:
    """Each teacher's directed-time budget (1265 h x FTE), the hours planned and the balance.

    Three queries whatever the number of people: staff are given, then meetings and events.
    """
    first, last = academic_year_bounds(academic_year)
    start, end = _uk_range(first, last)
    ids = [s.pk for s in staff]
    through = Meeting.invitees.through
    duration = ExpressionWrapper(
        F("meeting__ends_at") - F("meeting__starts_at"), output_field=DurationField()
    )
    minutes: dict[int, Decimal] = {}
    for row in (
        through.objects.filter(
            staffmember_id__in=ids,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
            meeting__cancelled_at__isnull=True,
        )
        .values("staffmember_id")
        .annotate(length=Sum(duration), over=Sum("meeting__overran_minutes"))
    ):
        total = row["length"].total_seconds() / 60 + (row["over"] or 0)
        minutes[row["staffmember_id"]] = Decimal(total)
    school_ids = {s.school_id for s in staff}
    events = list(
        DirectedEvent.objects.filter(day__range=(first, last)).filter(
            Q(school__isnull=True) | Q(school_id__in=[i for i in school_ids if i is not None])
        )
    )
    rows = []
    for person in staff:
        weekdays = person.weekday_numbers
        event_hours = sum(
            (
                e.hours
                for e in events
                if (e.school_id is None or e.school_id == person.school_id)
                and e.day.weekday() in weekdays
                and person.is_employed_on(e.day)
            ),
            Decimal(0),
        )
        rows.append(
            DirectedTimeRow(
                staff=person,
                budget=(DIRECTED_HOURS_FULL_TIME * person.fte).quantize(Decimal("0.1")),
                meeting_hours=(minutes.get(person.pk, Decimal(0)) / 60).quantize(Decimal("0.01")),
                event_hours=event_hours,
            )
        )
    return rows


def teachers(*, school=None, on: date):
    """Current teaching staff, of one school or every school (central teachers included)."""
    qs = StaffMember.objects.select_related("user", "school").filter(role_group=RoleGroup.TEACHING)
    qs = qs.employed_on(on)
    if school is not None:
        qs = qs.filter(school_id=school_id_of(school))
    return qs


def meetings_for_staff(*, staff: StaffMember, since: datetime | None = None):
    qs = Meeting.objects.select_related("school", "organiser").filter(invitees=staff)
    if since is not None:
        qs = qs.filter(ends_at__gte=since)
    return qs.order_by("starts_at")


def data_drops_in_year(*, school, academic_year: str) -> int:
    return DataDrop.objects.filter(
        school_id=school_id_of(school), academic_year=academic_year
    ).count()


def _term_bounds(term_key: str, school) -> tuple[datetime, datetime] | None:
    dates = term_dates(term_key, school)
    if dates is None:
        return None
    return _uk_range(dates.first_day, dates.last_day)


def workload_indicators(*, term_key: str, school=None) -> dict:
    """Workload figures for a term, for one school or the trust (school None: every school).

    meetings, meetings_overran and meeting_overrides count the term's meetings; data drops count
    the term's academic year against the yearly maximum (for the trust: the sum over schools
    against the maximum times the number of schools); out_of_hours_notifications counts the
    portal's notifications sent in email quiet hours during the term.
    """
    academic_year, _ = parse_term_key(term_key)
    bounds = _term_bounds(term_key, school)
    result = {
        "meetings": 0,
        "meetings_overran": 0,
        "meeting_overrides": 0,
        "data_drops_this_year": 0,
        "data_drop_limit": None,
        "out_of_hours_notifications": 0,
    }
    meetings = Meeting.objects.filter(cancelled_at__isnull=True)
    drops = DataDrop.objects.filter(academic_year=academic_year)
    notes = NotificationRecord.objects.filter(out_of_hours=True)
    if school is not None:
        sid = school_id_of(school)
        meetings, drops, notes = (
            meetings.filter(school_id=sid),
            drops.filter(school_id=sid),
            notes.filter(school_id=sid),
        )
    if bounds is not None:
        counts = meetings.filter(starts_at__gte=bounds[0], starts_at__lt=bounds[1]).aggregate(
            meetings=Count("pk"),
            meetings_overran=Count("pk", filter=Q(overran_minutes__gt=0)),
            meeting_overrides=Count("pk", filter=~Q(override_reason="")),
        )
        result.update(counts)
        result["out_of_hours_notifications"] = notes.filter(
            due_at__gte=bounds[0], due_at__lt=bounds[1]
        ).count()
    result["data_drops_this_year"] = drops.count()
    if school is not None:
        result["data_drop_limit"] = rules_for(school).max_data_drops
    else:
        from people.models import School
        from workload.models import WorkloadRules

        rules = {r.school_id: r.max_data_drops for r in WorkloadRules.objects.all()}
        default = rules.get(None, WorkloadRules().max_data_drops)
        limits = [rules.get(pk, default) for pk in School.objects.values_list("pk", flat=True)]
        result["data_drop_limit"] = sum(limits) or None
    return result


def current_academic_year(today: date) -> str:
    return academic_year_for(today)


# --- for the pages -----------------------------------------------------------------------------


def own_school(user):
    staff = staff_record(user)
    return staff.school if staff else None


def school_by_urn(urn: str):
    return School.objects.filter(urn=urn).first()


def visible_meetings(user):
    """Meetings the user is invited to, organised, or may manage at their school(s)."""
    staff = staff_record(user)
    condition = Q(organiser=user)
    if staff is not None:
        condition |= Q(invitees=staff)
    managed = (
        filter_by_school(Meeting.objects.all(), user, Perm.SCHEDULE_MEETINGS)
        if has_perm(user, Perm.SCHEDULE_MEETINGS)
        else Meeting.objects.none()
    )
    return Meeting.objects.filter(Q(pk__in=managed.values("pk")) | condition).distinct()


def meetings_managed(*, user, since):
    """Meetings at the schools where the user schedules meetings, from `since` on."""
    rows = filter_by_school(Meeting.objects.select_related("school"), user, Perm.SCHEDULE_MEETINGS)
    return rows.filter(ends_at__gte=since).order_by("starts_at")


def calendar_token_of(user) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user).only("created_at").first()


def calendar_token_entry(token: str) -> CalendarToken | None:
    """The feed address's entry (with its user), found by the token's hash."""
    return (
        CalendarToken.objects.select_related("user")
        .filter(token_hash=CalendarToken.hash_of(token))
        .first()
    )


def directed_events(*, academic_year: str, every_school: bool, staff):
    """The year's directed events: every school's for those who manage the rules, else the
    trust's and the person's own school's."""
    events = DirectedEvent.objects.select_related("school").filter(
        day__range=academic_year_bounds(academic_year)
    )
    if not every_school:
        events = events.filter(Q(school__isnull=True) | Q(school=staff.school if staff else None))
    return events


def own_rules(school) -> WorkloadRules | None:
    """The school's own rules (the trust's for None), or None when it follows the trust's."""
    return WorkloadRules.objects.filter(school=school).first()


def schools_with_own_rules() -> set[str]:
    return set(
        WorkloadRules.objects.filter(school__isnull=False).values_list("school__urn", flat=True)
    )


def _visible_school_filter(user, field: str = "school_id") -> Q | None:
    """Staff see their own school; heads, governors, trustees and HR the schools of their dashboard.
    None means every school."""
    ids = school_ids_for(user, Perm.VIEW_DASHBOARD)
    if ids is None:
        return None
    ids = {i for i in ids if i is not None}
    staff = staff_record(user)
    if staff is not None and staff.school_id:
        ids.add(staff.school_id)
    return Q(**{f"{field}__in": ids})


def data_drops_visible(*, user, academic_year: str):
    drops = DataDrop.objects.select_related("school").filter(academic_year=academic_year)
    condition = _visible_school_filter(user)
    if condition is not None:
        drops = drops.filter(condition)
    return drops.order_by("school__urn", "due_on")


def impact_assessments_visible(*, user):
    rows = ImpactAssessment.objects.select_related("school")
    condition = _visible_school_filter(user)
    if condition is not None:
        rows = rows.filter(Q(school__isnull=True) | condition)
    return rows
