"""Demo data for workload: term dates for 2025-26 and 2026-27, rules, a term of meetings (some
overran, some needed a recorded exception), directed events, data drops and impact assessments.

Term dates follow a typical English local-authority pattern; each term's first day is an INSET
day (a working day for staff, entered as a directed event). Idempotent: each part is added only
when it is missing.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction

from people.models import Role, RoleAssignment, RoleGroup, StaffMember
from school_calendar.models import Term
from school_calendar.quiet_hours import UK
from school_calendar.terms import SchoolCalendar, academic_year_for
from workload.models import DataDrop, DirectedEvent, ImpactAssessment, Meeting, WorkloadRules

TERMS = [
    (
        "2025-26",
        "autumn",
        date(2025, 9, 1),
        date(2025, 12, 19),
        date(2025, 10, 27),
        date(2025, 10, 31),
    ),
    (
        "2025-26",
        "spring",
        date(2026, 1, 5),
        date(2026, 3, 27),
        date(2026, 2, 16),
        date(2026, 2, 20),
    ),
    (
        "2025-26",
        "summer",
        date(2026, 4, 13),
        date(2026, 7, 20),
        date(2026, 5, 25),
        date(2026, 5, 29),
    ),
    (
        "2026-27",
        "autumn",
        date(2026, 9, 1),
        date(2026, 12, 18),
        date(2026, 10, 26),
        date(2026, 10, 30),
    ),
    (
        "2026-27",
        "spring",
        date(2027, 1, 4),
        date(2027, 3, 25),
        date(2027, 2, 15),
        date(2027, 2, 19),
    ),
    (
        "2026-27",
        "summer",
        date(2027, 4, 12),
        date(2027, 7, 21),
        date(2027, 5, 31),
        date(2027, 6, 4),
    ),
]
# One school (a special school in another authority) takes its autumn half-term a week earlier.
SCHOOL_OVERRIDE = (
    "141204",
    "2026-27",
    "autumn",
    date(2026, 9, 2),
    date(2026, 12, 18),
    date(2026, 10, 19),
    date(2026, 10, 23),
)

AGENDA = "1. Actions from last time\n2. Main item\n3. Any other business (5 minutes)"
MEETINGS = [  # weekday, title, purpose, start, minutes
    (
        1,
        "Staff briefing and CPD",
        "Whole-staff professional development on the term's priority.",
        time(15, 45),
        60,
    ),
    (
        3,
        "Phase and department meeting",
        "Plan the next fortnight's teaching together.",
        time(15, 45),
        45,
    ),
]
IMPACT_ASSESSMENTS = [
    (
        None,
        "New marking and feedback policy",
        "Whole-class feedback replaces written comments in books from Year 3 upwards.",
        "medium",
        Decimal("-4.0"),
        "Training in an INSET session; shared feedback sheet templates; "
        "no book scrutinies this term.",
        "Written comments in every book; termly book scrutiny.",
    ),
    (
        None,
        "Trust-wide online safeguarding training",
        "Annual refresher course, 90 minutes, for every member of staff.",
        "low",
        Decimal("1.5"),
        "Done in directed time on the spring INSET day, never at home.",
        "The separate paper quiz in September.",
    ),
    (
        "141202",
        "Knowledge organisers in Key Stage 3",
        "One-page knowledge organisers for each unit in Years 7 to 9.",
        "high",
        Decimal("6.0"),
        "Departments share the work; templates are provided; "
        "writing time given in two department meetings.",
        "Homework booklets for Year 7 to 9 and the mid-unit paper test.",
    ),
]


@transaction.atomic
def seed(world) -> None:
    _terms(world)
    _rules(world)
    _directed_events(world)
    _meetings(world)
    _data_drops(world)
    _impact_assessments(world)


def _terms(world) -> None:
    existing = set(Term.objects.values_list("academic_year", "term", "school_id"))
    rows = [
        Term(
            academic_year=y,
            term=t,
            first_day=f,
            last_day=last,
            half_term_first_day=hf,
            half_term_last_day=hl,
        )
        for y, t, f, last, hf, hl in TERMS
        if (y, t, None) not in existing
    ]
    urn, y, t, f, last, hf, hl = SCHOOL_OVERRIDE
    school = world.schools.get(urn)
    if school is not None and (y, t, school.pk) not in existing:
        rows.append(
            Term(
                academic_year=y,
                term=t,
                first_day=f,
                last_day=last,
                half_term_first_day=hf,
                half_term_last_day=hl,
                school=school,
            )
        )
    Term.objects.bulk_create(rows)


def _rules(world) -> None:
    if not WorkloadRules.objects.filter(school__isnull=True).exists():
        WorkloadRules.objects.create(
            latest_meeting_finish=time(17, 0),
            max_meeting_minutes=60,
            min_notice_days=5,
            quiet_from=time(18, 0),
            quiet_until=time(7, 0),
            max_data_drops=3,
        )
    secondary = world.schools.get("141202")
    if secondary is not None and not WorkloadRules.objects.filter(school=secondary).exists():
        WorkloadRules.objects.create(
            school=secondary,
            latest_meeting_finish=time(17, 15),
            max_meeting_minutes=75,
            min_notice_days=5,
            quiet_from=time(18, 0),
            quiet_until=time(7, 30),
            max_data_drops=3,
        )


def _directed_events(world) -> None:
    if DirectedEvent.objects.exists():
        return
    events = []
    for _year, t, first, *_ in TERMS:
        events.append(
            DirectedEvent(
                kind=DirectedEvent.Kind.INSET,
                title=f"INSET day ({t} term)",
                day=first,
                hours=Decimal("6.5"),
            )
        )
    for school in world.schools.values():
        for day in (date(2025, 11, 20), date(2026, 3, 12), date(2026, 11, 19), date(2027, 3, 11)):
            events.append(
                DirectedEvent(
                    school=school,
                    kind=DirectedEvent.Kind.PARENTS_EVENING,
                    title="Parents' evening",
                    day=day,
                    hours=Decimal("3"),
                )
            )
    DirectedEvent.objects.bulk_create(events)


def _heads(world) -> dict[int, object]:
    """The head of each school, or an HR person where a school has no head account."""
    hr = RoleAssignment.objects.select_related("user").filter(role=Role.HR).first()
    heads = {
        ra.school_id: ra.user
        for ra in RoleAssignment.objects.select_related("user").filter(
            role=Role.HEAD, school__in=world.schools.values()
        )
    }
    return {s.pk: heads.get(s.pk) or (hr.user if hr else None) for s in world.schools.values()}


def _meetings(world) -> None:
    if Meeting.objects.exists():
        return
    heads = _heads(world)
    academic_year = academic_year_for(world.today)
    teachers: dict[int, list[int]] = {}
    for pk, school_id in StaffMember.objects.filter(
        role_group=RoleGroup.TEACHING, school__in=world.schools.values(), end_date__isnull=True
    ).values_list("pk", "school_id"):
        teachers.setdefault(school_id, []).append(pk)
    rng = world.rng
    meetings, invitations = [], []
    for school in sorted(world.schools.values(), key=lambda s: s.urn):
        organiser = heads.get(school.pk)
        if organiser is None:
            continue
        calendar = SchoolCalendar(school)
        dates = calendar.term_dates(f"{academic_year}-autumn")
        if dates is None:
            continue
        for day in calendar.working_days(f"{academic_year}-autumn"):
            for weekday, title, purpose, start, minutes in MEETINGS:
                if day.weekday() != weekday or day == dates.first_day:
                    continue
                starts = datetime.combine(day, start, tzinfo=UK)
                past = day < world.today
                meeting = Meeting(
                    school=school,
                    title=title,
                    purpose=purpose,
                    organiser=organiser,
                    agenda=AGENDA,
                    location="Staff room",
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=minutes),
                    invited_groups=f"All teaching staff at {school.name}",
                )
                roll = rng.random()
                if past and roll < 0.08:
                    meeting.overran_minutes = rng.choice([10, 15, 20])
                elif roll > 0.96:
                    meeting.ends_at = starts + timedelta(minutes=75)
                    if meeting.ends_at.astimezone(UK).time() <= time(17, 0):
                        meeting.overridden_rules = ["max_length"]
                        meeting.override_reason = (
                            "Moderation of writing needs all teachers together for longer."
                        )
                    else:
                        meeting.ends_at = starts + timedelta(minutes=minutes)
                meetings.append(meeting)
    Meeting.objects.bulk_create(meetings)
    through = Meeting.invitees.through
    for meeting in meetings:
        invitations.extend(
            through(meeting_id=meeting.pk, staffmember_id=pk)
            for pk in teachers.get(meeting.school_id, [])
        )
    through.objects.bulk_create(invitations, batch_size=2000)


def _data_drops(world) -> None:
    if DataDrop.objects.exists():
        return
    heads = _heads(world)
    academic_year = academic_year_for(world.today)
    start = int(academic_year[:4])
    plan = [
        ("Autumn assessment data", date(start, 12, 4)),
        ("Spring assessment data", date(start + 1, 3, 12)),
        ("Summer assessment and reports", date(start + 1, 6, 25)),
    ]
    drops = []
    for index, school in enumerate(sorted(world.schools.values(), key=lambda s: s.urn)):
        for title, due in plan:
            drops.append(
                DataDrop(
                    school=school,
                    academic_year=academic_year,
                    title=title,
                    due_on=due,
                    created_by=heads.get(school.pk),
                )
            )
        if index == 1:
            drops.append(
                DataDrop(
                    school=school,
                    academic_year=academic_year,
                    title="Year 11 mock examination data",
                    due_on=date(start, 12, 11),
                    created_by=heads.get(school.pk),
                    override_reason=(
                        "Exam board deadline for access arrangements; "
                        "replaces the spring predicted grades."
                    ),
                )
            )
    DataDrop.objects.bulk_create(drops)


def _impact_assessments(world) -> None:
    if ImpactAssessment.objects.exists():
        return
    ImpactAssessment.objects.bulk_create(
        ImpactAssessment(
            school=world.schools.get(urn) if urn else None,
            title=title,
            summary=summary,
            starts_on=date(int(academic_year_for(world.today)[:4]), 9, 1) + timedelta(days=30 * i),
            expected_impact=impact,
            hours_per_term=max(hours, Decimal(0)),
            mitigations=mitigations,
            what_stops=stops,
        )
        for i, (urn, title, summary, impact, hours, mitigations, stops) in enumerate(
            IMPACT_ASSESSMENTS
        )
    )
