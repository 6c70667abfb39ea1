"""Reads for support and the people indicators (turnover, casework, flexible working, first aiders,
training coverage, leader check-ins and buddies, leave of absence requests).

Term dates come from `school_calendar.terms.term_dates`; a term without dates yields figures of None
("data does not exist yet") rather than guesses.
"""

import statistics
from calendar import monthrange
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from common.moderation import CommentStatus
from people import anonymity
from people.models import Role, RoleAssignment, RoleGroup, School, StaffMember, Trust
from school_calendar.terms import SchoolTerm
from support.models import (
    NEW_LEADER_MONTHS,
    Audience,
    CaseworkCount,
    Decision,
    ExitAnswer,
    ExitReason,
    FlexibleWorkingPolicy,
    FlexibleWorkingRequest,
    HelpLine,
    KeptBy,
    LeaderCheckIn,
    LeaveRequest,
    NewLeader,
    TrainingCompletion,
    TrainingProgramme,
)

TRUST_KEY = "trust"
LAPSING_WITHIN_DAYS = 90
CASEWORK_FIELDS = ("grievances", "complaints", "disciplinaries", "disputes")
SUPPORT_ROLES = (Role.FIRST_AIDER, Role.CHAMPION)


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


# --- First-aider and training coverage --------------------------------------------------------


def _headcounts_on(day: date) -> dict:
    """Staff employed on a day, per school id (None = central staff)."""
    rows = StaffMember.objects.employed_on(day)
    return Counter(rows.values_list("school_id", flat=True))


def _trained_on(row, day: date) -> bool:
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
        first_aiders = [a for a in mine if a.role == Role.FIRST_AIDER and _trained_on(a, today)]
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
    covered = {row["school_id"] for row in rows if _trained_on(row, today)}
    return len(covered), School.objects.count()


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
    - leavers: staff whose end_date falls within the term;
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
    Queries: one per group for its term dates, plus eleven, plus three per distinct reference day.
    """
    today = today or timezone.localdate()
    schools = list(schools)
    groups = [_Group(TRUST_KEY, None, term_period(term_key))]
    groups += [_Group(school.pk, school, term_period(term_key, school)) for school in schools]
    dated = [g for g in groups if g.dates]
    result = {g.key: _empty_people() for g in groups}
    names = list(TrainingProgramme.objects.values_list("name", flat=True))
    for figures in result.values():
        figures["training_coverage"] = dict.fromkeys(names)
    if not dated:
        return result
    span_first = min(g.dates.first_day for g in dated)
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
        leavers = sum(1 for _sid, _start, end in mine if end is not None and first <= end <= last)
        trained = sum(
            1
            for r in first_aiders
            if _in_group(group, r["school_id"]) and _trained_on(r, reference)
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


# --- Exit questionnaires ----------------------------------------------------------------------


def _exit_period(term_key: str) -> tuple[date, date] | None:
    """Answers count towards a term from the day after the previous term ends to the term's
    last day, so answers given in the holidays between terms are not lost."""
    dates = term_period(term_key)
    if dates is None:
        return None
    previous = term_period(previous_term_key(term_key))
    start = previous.last_day + timedelta(days=1) if previous else dates.first_day
    return start, dates.last_day


def exit_reasons(*, term_key: str, today: date | None = None) -> dict:
    """Trust-wide exit questionnaire results for a term, hidden below the minimum group size.

    Only the trust's figures exist: per-school results would let small schools' answers be
    worked out by subtraction. The figures move only in steps of the minimum group size
    (people.anonymity.stepped_count), so watching them cannot reveal one leaver's answers: they
    count the first answers of whole past days (today's are still coming in), in a fixed order
    (day, then id), up to the last whole multiple of the minimum. A later answer always sorts
    after every earlier one, so each step adds exactly the next answers, never swaps one.
    """
    trust = Trust.current()
    today = today or timezone.localdate()
    period = _exit_period(term_key)
    empty = {"answers": None, "suppressed": True, "reasons": [], "kept_by": [], "comments": []}
    if period is None:
        return empty
    answers = list(
        ExitAnswer.objects.filter(answered_on__range=period, answered_on__lt=today)
        .order_by("answered_on", "id")
        .values_list("reasons", "kept_by", "shown_comment", "comment_status")
    )
    answers = answers[: anonymity.stepped_count(len(answers), trust.min_group_size)]
    if len(answers) < trust.min_group_size:
        return {**empty, "answers": None}

    def tally(index, choices):
        counts = Counter(key for row in answers for key in row[index])
        return [
            {
                "key": key,
                "label": label,
                "count": counts[key],
                "pct": Decimal(100 * counts[key]) / len(answers),
            }
            for key, label in choices
            if counts[key]
        ]

    reasons = sorted(tally(0, ExitReason.choices), key=lambda r: -r["count"])
    kept = sorted(tally(1, KeptBy.choices), key=lambda r: -r["count"])
    comments = []
    if len(answers) >= trust.comment_min_group_size:
        # Only comments HR has reviewed and approved (with any redactions) are shown.
        comments = sorted(
            row[2] for row in answers if row[3] == CommentStatus.APPROVED and row[2].strip()
        )
    return {
        "answers": len(answers),
        "suppressed": False,
        "reasons": reasons,
        "kept_by": kept,
        "comments": comments,
    }


@dataclass
class ExitCommentsForReview:
    answers: int
    threshold: int
    comments: list  # ExitAnswer rows with a comment, in random (UUID) order

    @property
    def reviewable(self) -> bool:
        return self.answers >= self.threshold


def exit_comments_for_review(*, term_key: str) -> ExitCommentsForReview:
    """The term's exit comments for HR to review: only when the term has enough answers for
    comments to be shown at all, so a lone leaver's words are never read on their own."""
    threshold = Trust.current().comment_min_group_size
    period = _exit_period(term_key)
    if period is None:
        return ExitCommentsForReview(0, threshold, [])
    in_term = ExitAnswer.objects.filter(answered_on__range=period)
    count = in_term.count()
    if count < threshold:
        return ExitCommentsForReview(count, threshold, [])
    rows = list(
        in_term.exclude(comment="").only("id", "comment", "comment_status", "shown_comment")
    )
    return ExitCommentsForReview(count, threshold, rows)


def leavers_offered(*, first: date, last: date, school: School | None = None) -> tuple[int, int]:
    """(leavers with a leave date in the period offered an exit questionnaire, all such leavers)."""
    leavers = StaffMember.objects.filter(end_date__range=(first, last))
    if school is not None:
        leavers = leavers.filter(school=school)
    total = leavers.count()
    offered = leavers.filter(exit_invitations__isnull=False).distinct().count()
    return offered, total


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


def _coverage_cell(statuses: list, min_group: int) -> dict:
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
                "all": _coverage_cell(rows, min_group),
                "teaching": _coverage_cell(
                    [x for x in rows if x.staff.role_group == RoleGroup.TEACHING], min_group
                ),
                "support": _coverage_cell(
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
    return _coverage_cell(statuses, Trust.current().min_group_size)


def completions_recent(*, limit: int = 50):
    return TrainingCompletion.objects.select_related("staff__user", "programme")[:limit]


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
            p.name: _coverage_cell([s for s in mine if s.programme.pk == p.pk], min_group)["pct"]
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
