"""Reads for the workload app."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum

from notifications.models import NotificationRecord
from people.models import RoleGroup, StaffMember
from school_calendar.quiet_hours import UK
from school_calendar.terms import academic_year_for, parse_term_key, term_dates
from workload.models import DataDrop, DirectedEvent, Meeting
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
