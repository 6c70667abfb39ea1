"""Reads for first-aider and champion coverage and for training programmes: who is trained,
who is due or overdue, and each programme's coverage (hidden below the minimum group size)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from people.models import Role, RoleAssignment, RoleGroup, School, StaffMember, Trust
from support.models import (
    Audience,
    TrainingCompletion,
    TrainingProgramme,
)

LAPSING_WITHIN_DAYS = 90
SUPPORT_ROLES = (Role.FIRST_AIDER, Role.CHAMPION)


# --- First-aider and training coverage --------------------------------------------------------


def _headcounts_on(day: date) -> dict:
    """Staff employed on a day, per school id (None = central staff)."""
    rows = StaffMember.objects.employed_on(day)
    return Counter(rows.values_list("school_id", flat=True))


def first_aider_trained_on(row, day: date) -> bool:
    """A first aider counts on a day when trained by then (or date unknown) and not yet lapsed."""
    if not isinstance(row, dict):
        row = {"trained_on": row.trained_on, "training_lapses_on": row.training_lapses_on}
    trained, lapses = row["trained_on"], row["training_lapses_on"]
    return (trained is None or trained <= day) and (lapses is None or lapses >= day)


def per_50(count: int, headcount: int) -> float | None:
    if not headcount:
        return None
    return count * 50 / headcount


def coverage(*, schools, today: date | None = None) -> dict:
    """First-aider and champion coverage per school on a day, with lapsing trainings."""
    today = today or timezone.localdate()
    schools = list(schools)
    headcounts = _headcounts_on(today)
    soon = today + timedelta(days=LAPSING_WITHIN_DAYS)
    assignments = list(
        RoleAssignment.objects.filter(school__in=schools, role__in=SUPPORT_ROLES)
        .select_related("user", "school")
        .order_by("training_lapses_on", "user__last_name")
    )
    rows = []
    for school in schools:
        mine = [a for a in assignments if a.school_id == school.pk]
        first_aiders = [
            a for a in mine if a.role == Role.FIRST_AIDER and first_aider_trained_on(a, today)
        ]
        headcount = headcounts.get(school.pk, 0)
        rows.append(
            {
                "school": school,
                "headcount": headcount,
                "first_aiders": len(first_aiders),
                "first_aiders_per_50_staff": per_50(len(first_aiders), headcount),
                "champions": sum(1 for a in mine if a.role == Role.CHAMPION),
                "lapsing": sum(
                    1
                    for a in mine
                    if a.training_lapses_on and today <= a.training_lapses_on <= soon
                ),
            }
        )
    lapsing = [a for a in assignments if a.training_lapses_on and a.training_lapses_on <= soon]
    return {
        "today": today,
        "rows": rows,
        "schools_without_first_aider": [r["school"] for r in rows if r["first_aiders"] == 0],
        "lapsing": lapsing,
        "assignments": assignments,
    }


def lapsing_trainings(*, today: date, within_days: int = LAPSING_WITHIN_DAYS):
    """First aiders' and champions' trainings lapsing from today to within_days ahead, or lapsed."""
    return (
        RoleAssignment.objects.filter(
            role__in=SUPPORT_ROLES, training_lapses_on__lte=today + timedelta(days=within_days)
        )
        .select_related("user", "school")
        .order_by("training_lapses_on", "school__urn")
    )


def schools_with_first_aider(*, today: date) -> tuple[int, int]:
    """(schools with at least one trained, unlapsed first aider, all schools)."""
    rows = RoleAssignment.objects.filter(role=Role.FIRST_AIDER, school__isnull=False).values(
        "school_id", "trained_on", "training_lapses_on"
    )
    covered = {row["school_id"] for row in rows if first_aider_trained_on(row, today)}
    return len(covered), School.objects.count()


# --- Training programmes ----------------------------------------------------------------------

CURRENT, DUE, OVERDUE = "current", "due", "overdue"


def training_programmes():
    return TrainingProgramme.objects.select_related("school")


@dataclass
class _People:
    """Who holds the roles that define audiences, read once."""

    leaders: set
    first_aiders: set

    @classmethod
    def load(cls) -> "_People":
        rows = RoleAssignment.objects.filter(role__in=[Role.HEAD, Role.FIRST_AIDER])
        pairs = list(rows.values_list("role", "user_id"))
        return cls(
            leaders={user for role, user in pairs if role == Role.HEAD},
            first_aiders={user for role, user in pairs if role == Role.FIRST_AIDER},
        )


def in_audience(programme: TrainingProgramme, staff: StaffMember, people: _People) -> bool:
    """Whether the programme asks this member of staff to complete it (employment aside)."""
    audience = programme.audience
    if audience == Audience.ALL_STAFF:
        return True
    if audience in (Audience.TEACHING, Audience.SUPPORT):
        return staff.role_group == audience
    if audience == Audience.LEADERS:
        return staff.user_id in people.leaders
    if audience == Audience.NEW_STARTERS:
        return staff.start_date >= programme.starts_on
    if audience == Audience.SCHOOL:
        return staff.school_id == programme.school_id
    if audience == Audience.FIRST_AIDERS:
        return staff.user_id in people.first_aiders
    return False


@dataclass
class TrainingStatus:
    staff: StaffMember
    programme: TrainingProgramme
    completed_on: date | None  # the latest completion up to the day
    lapses_on: date | None
    due_on: date | None  # when not current: the day it was (or is) due
    state: str  # CURRENT, DUE or OVERDUE


def training_status(
    programme: TrainingProgramme, staff: StaffMember, completions: list, day: date
) -> TrainingStatus:
    """A completion is current from its day up to and including its lapse date (as for first
    aiders). Without a current one, the person is due: by the lapse date of their last
    completion, else within the programme's weeks of starting or of the programme's start."""
    done = [c for c in completions if c.completed_on <= day]
    latest = max(done, key=lambda c: c.completed_on) if done else None
    if latest is not None and (latest.lapses_on is None or latest.lapses_on >= day):
        return TrainingStatus(
            staff, programme, latest.completed_on, latest.lapses_on, None, CURRENT
        )
    if latest is not None:
        due_on = latest.lapses_on
    else:
        begins = max(programme.starts_on, staff.start_date)
        due_on = begins + timedelta(weeks=programme.due_within_weeks)
    state = OVERDUE if due_on < day else DUE
    return TrainingStatus(
        staff,
        programme,
        latest.completed_on if latest else None,
        latest.lapses_on if latest else None,
        due_on,
        state,
    )


def training_statuses(
    *, programmes, day: date, school_ids: set | None = None, staff_ids: list | None = None
) -> list[TrainingStatus]:
    """Every audience member's status on a day for each programme, for staff employed that day.

    school_ids narrows to schools (None: everyone; a None inside the set: central staff).
    Queries: four, whatever the numbers of programmes and staff.
    """
    programmes = list(programmes)
    staff = StaffMember.objects.select_related("user", "school").employed_on(day)
    if school_ids is not None:
        condition = Q(school__in=[i for i in school_ids if i is not None])
        if None in school_ids:
            condition |= Q(school__isnull=True)
        staff = staff.filter(condition)
    if staff_ids is not None:
        staff = staff.filter(pk__in=staff_ids)
    staff = list(staff.order_by("user__last_name", "user__first_name", "pk"))
    people = _People.load()
    completions: dict[tuple, list] = {}
    rows = TrainingCompletion.objects.filter(
        programme__in=programmes, staff__in=[s.pk for s in staff]
    ).only("staff_id", "programme_id", "completed_on", "lapses_on")
    for row in rows:
        completions.setdefault((row.programme_id, row.staff_id), []).append(row)
    return [
        training_status(programme, member, completions.get((programme.pk, member.pk), []), day)
        for programme in programmes
        for member in staff
        if in_audience(programme, member, people)
    ]


def coverage_cell(statuses: list, min_group: int) -> dict:
    audience = len(statuses)
    current = sum(1 for s in statuses if s.state == CURRENT)
    if audience < min_group:
        return {"audience": audience, "current": None, "pct": None, "suppressed": True}
    return {
        "audience": audience,
        "current": current,
        "pct": 100 * current / audience,
        "suppressed": False,
    }


def training_coverage(*, schools, today: date | None = None, trust_wide: bool = False) -> dict:
    """Coverage of each programme per school and role group on a day (with the trust's when
    trust_wide), each cell hidden below the minimum group size; plus the lapsing soon count."""
    today = today or timezone.localdate()
    schools = list(schools)
    min_group = Trust.current().min_group_size
    programmes = list(training_programmes())
    ids = None if trust_wide else {s.pk for s in schools}
    statuses = training_statuses(programmes=programmes, day=today, school_ids=ids)
    soon = today + timedelta(days=LAPSING_WITHIN_DAYS)
    result = []
    for programme in programmes:
        mine = [s for s in statuses if s.programme.pk == programme.pk]
        groups = [(s.name, [x for x in mine if x.staff.school_id == s.pk]) for s in schools]
        if trust_wide:
            groups.insert(0, ("The trust", mine))
        rows = [
            {
                "name": name,
                "all": coverage_cell(rows, min_group),
                "teaching": coverage_cell(
                    [x for x in rows if x.staff.role_group == RoleGroup.TEACHING], min_group
                ),
                "support": coverage_cell(
                    [x for x in rows if x.staff.role_group == RoleGroup.SUPPORT], min_group
                ),
            }
            for name, rows in groups
        ]
        lapsing = sum(
            1
            for x in mine
            if x.state == CURRENT and x.lapses_on is not None and x.lapses_on <= soon
        )
        result.append({"programme": programme, "rows": rows, "lapsing": lapsing})
    return {"today": today, "programmes": result, "min_group_size": min_group}


def training_due(*, school_ids: set | None, today: date | None = None) -> dict:
    """Named: who is overdue or due, and whose current completion lapses within 90 days."""
    today = today or timezone.localdate()
    statuses = training_statuses(programmes=training_programmes(), day=today, school_ids=school_ids)
    soon = today + timedelta(days=LAPSING_WITHIN_DAYS)
    waiting = [s for s in statuses if s.state != CURRENT]
    waiting.sort(key=lambda s: (s.state != OVERDUE, s.due_on, s.staff.user.last_name))
    lapsing = [
        s
        for s in statuses
        if s.state == CURRENT and s.lapses_on is not None and s.lapses_on <= soon
    ]
    lapsing.sort(key=lambda s: (s.lapses_on, s.staff.user.last_name))
    return {
        "today": today,
        "overdue": [s for s in waiting if s.state == OVERDUE],
        "due": [s for s in waiting if s.state == DUE],
        "lapsing": lapsing,
        "days": LAPSING_WITHIN_DAYS,
    }


def own_training(*, staff: StaffMember, today: date | None = None) -> dict:
    """A person's programmes (those asking them) with their status, and every completion."""
    today = today or timezone.localdate()
    statuses = training_statuses(programmes=training_programmes(), day=today, staff_ids=[staff.pk])
    history = TrainingCompletion.objects.filter(staff=staff).select_related("programme")
    return {"today": today, "statuses": statuses, "history": history}


def programme_coverage(*, programme: TrainingProgramme, school, today: date) -> dict:
    """The share of the programme's audience (at a school, or the trust) with a current one."""
    ids = None if school is None else {school.pk}
    statuses = training_statuses(programmes=[programme], day=today, school_ids=ids)
    return coverage_cell(statuses, Trust.current().min_group_size)


def completions_recent(*, limit: int = 50):
    return TrainingCompletion.objects.select_related("staff__user", "programme")[:limit]
