"""Reads for support and the people indicators of a term (turnover, casework, flexible working,
first aiders, training coverage, leader check-ins and buddies, leave of absence requests).
Coverage and training programmes are read in `support.training`, exit questionnaires in
`support.exits`.

Term dates come from `school_calendar.terms.term_dates`; a term without dates yields figures of None
("data does not exist yet") rather than guesses.
"""

import statistics
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from people import anonymity
from people.models import Role, RoleAssignment, School, StaffMember, Trust
from school_calendar.terms import SchoolCalendar, SchoolTerm
from support.exits import leaving_in_calendar
from support.models import (
    NEW_LEADER_MONTHS,
    CaseworkCount,
    Decision,
    FlexibleWorkingPolicy,
    FlexibleWorkingRequest,
    HelpLine,
    LeaderCheckIn,
    LeaveRequest,
    NewLeader,
    TrainingProgramme,
)
from support.training import (
    SUPPORT_ROLES,
    coverage_cell,
    first_aider_trained_on,
    per_50,
    training_programmes,
    training_statuses,
)

TRUST_KEY = "trust"
CASEWORK_FIELDS = ("grievances", "complaints", "disciplinaries", "disputes")


# --- Calendar -------------------------------------------------------------------------------


def term_period(term_key: str, school: School | None = None):
    """The term's dates (the school's own, else the trust's), or None when none are recorded."""
    return SchoolTerm.parse(term_key).dates(school)


def previous_term_key(term_key: str) -> str:
    return SchoolTerm.parse(term_key).previous.key


# --- Get support ----------------------------------------------------------------------------


def help_lines():
    return HelpLine.objects.all()


def flexible_working_policy() -> FlexibleWorkingPolicy | None:
    return FlexibleWorkingPolicy.objects.order_by("pk").first()


def own_schools(user) -> list[School]:
    """The person's own school: their staff record's, else the schools of their school roles."""
    from people.access import staff_record

    staff = staff_record(user)
    if staff is not None and staff.school_id:
        return [staff.school]
    if staff is not None:
        return []
    ids = {
        sid
        for sid in user.role_assignments.filter(school__isnull=False).values_list(
            "school_id", flat=True
        )
    }
    return list(School.objects.filter(pk__in=ids))


def school_contacts(*, schools: list[School]) -> list[dict]:
    """First aiders and champions of each school, with how to reach them (active accounts only)."""
    by_school = {
        school.pk: {"school": school, "first_aiders": [], "champions": []} for school in schools
    }
    rows = (
        RoleAssignment.objects.filter(
            school__in=list(by_school), role__in=SUPPORT_ROLES, user__is_active=True
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    for row in rows:
        key = "first_aiders" if row.role == Role.FIRST_AIDER else "champions"
        by_school[row.school_id][key].append(row)
    return list(by_school.values())


# --- The people figures of a term -------------------------------------------------------------


@dataclass
class _Group:
    key: object  # a school id, or TRUST_KEY
    school: School | None
    dates: object  # TermDates or None


def _in_group(group: _Group, school_id) -> bool:
    return group.key == TRUST_KEY or school_id == group.key


def _empty_people() -> dict:
    return {
        "starters": None,
        "leavers": None,
        "turnover_pct": None,
        "grievances": None,
        "complaints": None,
        "disciplinaries": None,
        "disputes": None,
        "flexible_requests": {"granted": None, "declined": None, "open": None},
        "first_aiders": None,
        "first_aiders_per_50_staff": None,
        "training_coverage": {},
        "leader_checkins": {"heads": None, "met_partner": None},
        "new_leaders": {"total": None, "with_buddy": None},
        "leave_requests": {"granted": None, "declined": None, "open": None},
    }


def people_figures_for(*, term_key: str, schools, today: date | None = None) -> dict:
    """The people figures of a term for the trust (key "trust") and each school (key: school id).

    Definitions, for a group (the trust, or one school) and the group's term dates:
    - starters: staff whose start_date falls within the term (first to last day inclusive);
    - leavers: staff whose end_date falls in the term's leaving period (leaving_period: from the
      day after the previous term ends to the term's last day), as exit answers are counted;
    - turnover_pct: 100 × leavers ÷ the mean of the headcounts (staff employed) on the term's
      first and last days;
    - grievances, complaints, disciplinaries, disputes: HR's recorded counts for the term (the
      trust's are the sums over every school and the central team); None when none recorded;
    - flexible_requests: requests granted / declined with a decision date in the term, and those
      open at the term's last day (received by then and undecided then);
    - first_aiders: mental health first aiders trained and not lapsed on the reference day (the
      term's last day, or today while the term is under way); first_aiders_per_50_staff:
      50 × first_aiders ÷ headcount on that day.
    - training_coverage: for each training programme (by name), 100 × the audience members with
      a current completion on the reference day ÷ the audience employed that day; None where the
      group's audience is below the minimum group size;
    - leader_checkins: heads (people holding the head role at a school of the group, as now) and
      how many of them recorded a meeting with their partner within the term;
    - new_leaders: leaders who started within the 12 months up to the term's last day, and how
      many had a buddy named by then;
    - leave_requests: leave of absence requests counted like flexible_requests.
    The trust counts central staff too. A group whose mean headcount is below the trust's minimum
    group size has every figure None, as has a group whose term has no dates yet.
    Queries: one per group for its calendar (term dates), plus eleven, plus three per distinct
    reference day.
    """
    today = today or timezone.localdate()
    schools = list(schools)
    calendars = {g: SchoolCalendar(g) for g in [None, *schools]}
    groups = [_Group(TRUST_KEY, None, calendars[None].term_dates(term_key))]
    groups += [
        _Group(school.pk, school, calendars[school].term_dates(term_key)) for school in schools
    ]
    dated = [g for g in groups if g.dates]
    leaving = {g.key: leaving_in_calendar(calendars[g.school], term_key) for g in dated}
    result = {g.key: _empty_people() for g in groups}
    names = list(TrainingProgramme.objects.values_list("name", flat=True))
    for figures in result.values():
        figures["training_coverage"] = dict.fromkeys(names)
    if not dated:
        return result
    span_first = min(min(g.dates.first_day, leaving[g.key][0]) for g in dated)
    span_last = max(g.dates.last_day for g in dated)
    min_group = Trust.current().min_group_size

    staff = list(
        StaffMember.objects.employed_during(span_first, span_last).values_list(
            "school_id", "start_date", "end_date"
        )
    )
    # A first aider or champion assignment carries no history: the figures use the current rows.
    first_aiders = list(
        RoleAssignment.objects.filter(role=Role.FIRST_AIDER, school__isnull=False).values(
            "school_id", "trained_on", "training_lapses_on"
        )
    )
    casework = list(
        CaseworkCount.objects.filter(term_key=term_key).values("school_id", *CASEWORK_FIELDS)
    )
    requests = _undecided_before(FlexibleWorkingRequest, span_first, span_last)
    leave = _undecided_before(LeaveRequest, span_first, span_last)
    heads = list(
        RoleAssignment.objects.filter(role=Role.HEAD, school__isnull=False).values_list(
            "user_id", "school_id"
        )
    )
    checkins = list(
        LeaderCheckIn.objects.filter(met_on__range=(span_first, span_last)).values_list(
            "head_id", "school_id", "met_on"
        )
    )
    leaders = list(
        NewLeader.objects.filter(started_on__lte=span_last).values_list(
            "school_id", "started_on", "buddy_named_on"
        )
    )
    kept = []
    sizes: dict = {}
    for group in dated:
        first, last = group.dates.first_day, group.dates.last_day
        reference = max(first, min(last, today))
        mine = [s for s in staff if _in_group(group, s[0])]

        def employed(day, rows=mine):
            return sum(
                1 for _sid, start, end in rows if start <= day and (end is None or end >= day)
            )

        head_first, head_last, head_ref = employed(first), employed(last), employed(reference)
        mean_head = Decimal(head_first + head_last) / 2
        sizes[group.key] = mean_head
        if group.key == TRUST_KEY:
            central = [s for s in mine if s[0] is None]
            sizes[None] = Decimal(employed(first, central) + employed(last, central)) / 2
        if mean_head < min_group:
            continue
        left_from = leaving[group.key][0]
        leavers = sum(
            1 for _sid, _start, end in mine if end is not None and left_from <= end <= last
        )
        trained = sum(
            1
            for r in first_aiders
            if _in_group(group, r["school_id"]) and first_aider_trained_on(r, reference)
        )
        figures = result[group.key]
        figures.update(
            starters=sum(1 for _sid, start, _end in mine if first <= start <= last),
            leavers=leavers,
            turnover_pct=float(Decimal(100 * leavers) / mean_head),
            first_aiders=trained,
            first_aiders_per_50_staff=per_50(trained, head_ref),
        )
        rows = [c for c in casework if _in_group(group, c["school_id"])]
        if rows:
            figures.update({name: sum(r[name] for r in rows) for name in CASEWORK_FIELDS})
        figures["flexible_requests"] = _flexible_counts(
            [r for r in requests if _in_group(group, r[0])], first, last
        )
        figures["leave_requests"] = _flexible_counts(
            [r for r in leave if _in_group(group, r[0])], first, last
        )
        figures.update(_leader_counts(group, heads, checkins, leaders, first, last))
        kept.append((group, reference))
    if kept:
        training = _training_figures(
            [group for group, _ in kept], {group.key: day for group, day in kept}, min_group
        )
        for group, _ in kept:
            result[group.key]["training_coverage"] = training[group.key]
    _hide_recoverable_schools(result, sizes, staff, min_group)
    return result


def _hide_recoverable_schools(result: dict, sizes: dict, staff: list, min_group: int) -> None:
    """The family rules of people.anonymity across the schools under a shown trust, so a hidden
    small school cannot be worked out as the trust minus the others. Applied only when every
    school with staff in the term is among the groups asked for (the whole family is known);
    central staff are a member never shown on their own."""
    trust_size = sizes.pop(TRUST_KEY, None)
    if trust_size is None or trust_size < min_group:
        return
    with_staff = {school_id for school_id, _start, _end in staff if school_id is not None}
    if not with_staff <= set(sizes):
        return
    for key in anonymity.small_groups_hidden(sizes, min_group, unshown={None}):
        if key is not None:
            result[key] = _empty_people()


def _undecided_before(model, first: date, last: date) -> list:
    """A register's requests received by last and not decided before first, as the rows
    _flexible_counts counts: (school id, decision, received on, decided on)."""
    return list(
        model.objects.filter(received_on__lte=last)
        .filter(Q(decided_on__isnull=True) | Q(decided_on__gte=first))
        .values_list("school_id", "decision", "received_on", "decided_on")
    )


def _flexible_counts(rows, first: date, last: date) -> dict:
    decided = [r for r in rows if r[3] is not None and first <= r[3] <= last]
    return {
        "granted": sum(1 for r in decided if r[1] == Decision.GRANTED),
        "declined": sum(1 for r in decided if r[1] == Decision.DECLINED),
        "open": sum(1 for r in rows if r[2] <= last and (r[3] is None or r[3] > last)),
    }


def people_figures(*, term_key: str, school: School | None = None) -> dict:
    """The report's "people" object for the trust (school None) or a school: people_figures_for."""
    figures = people_figures_for(term_key=term_key, schools=[school] if school else [])
    return figures[school.pk if school else TRUST_KEY]


# --- Flexible working -------------------------------------------------------------------------


def _register(model, school_ids: set | None):
    """A register's requests, narrowed to school ids (None: every school and the central team;
    a None among them: the central team's)."""
    rows = model.objects.select_related("school")
    if school_ids is None:
        return rows
    condition = Q(school__in=[i for i in school_ids if i is not None])
    if None in school_ids:
        condition |= Q(school__isnull=True)
    return rows.filter(condition)


def flexible_requests(*, school_ids: set | None):
    """The register, narrowed to school ids (None: every school and the central team)."""
    return _register(FlexibleWorkingRequest, school_ids)


def flexible_summary(*, requests, first: date, last: date) -> dict:
    """Granted and declined (decided in the period), open at its end, median days to a decision."""
    rows = list(requests.values_list("school_id", "decision", "received_on", "decided_on"))
    counts = _flexible_counts(rows, first, last)
    days = [(r[3] - r[2]).days for r in rows if r[3] is not None and first <= r[3] <= last]
    counts["median_days_to_decision"] = statistics.median(days) if days else None
    return counts


# --- Casework ---------------------------------------------------------------------------------


def casework_rows(*, term_key: str):
    return CaseworkCount.objects.filter(term_key=term_key).select_related("school")


def _training_figures(groups: list, references: dict, min_group: int) -> dict:
    """Each group's coverage per programme on its reference day: {programme name: pct or None}.

    Queries: three per distinct reference day (usually one or two), plus one.
    """
    programmes = list(training_programmes())
    by_day = {
        day: training_statuses(programmes=programmes, day=day) for day in set(references.values())
    }
    figures = {}
    for group in groups:
        statuses = by_day[references[group.key]]
        mine = [s for s in statuses if _in_group(group, s.staff.school_id)]
        figures[group.key] = {
            p.name: coverage_cell([s for s in mine if s.programme.pk == p.pk], min_group)["pct"]
            for p in programmes
        }
    return figures


# --- Leader wellbeing -------------------------------------------------------------------------


def leader_checkins(*, school_ids: set | None, head=None):
    rows = LeaderCheckIn.objects.select_related("head", "school")
    if head is not None:
        rows = rows.filter(head=head)
    if school_ids is not None:
        rows = rows.filter(school__in=[i for i in school_ids if i is not None])
    return rows


def new_leaders(*, school_ids: set | None):
    rows = NewLeader.objects.select_related("leader", "school")
    if school_ids is not None:
        rows = rows.filter(school__in=[i for i in school_ids if i is not None])
    return rows


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _leader_counts(group, heads, checkins, leaders, first: date, last: date) -> dict:
    mine = {(user, school) for user, school in heads if _in_group(group, school)}
    met = {
        (user, school)
        for user, school, met_on in checkins
        if (user, school) in mine and first <= met_on <= last
    }
    since = _months_before(last, NEW_LEADER_MONTHS)
    new = [r for r in leaders if _in_group(group, r[0]) and since < r[1] <= last]
    return {
        "leader_checkins": {"heads": len(mine), "met_partner": len(met)},
        "new_leaders": {
            "total": len(new),
            "with_buddy": sum(1 for r in new if r[2] is not None and r[2] <= last),
        },
    }


# --- Leave of absence -------------------------------------------------------------------------


def leave_requests(*, school_ids: set | None):
    """The leave of absence register, narrowed to school ids (None: everywhere)."""
    return _register(LeaveRequest, school_ids)
