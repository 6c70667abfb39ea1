"""Absence sums computed by the database (docs/figures.md): the working-day calendar and its SQL.

The school working days of the terms concerned are materialised as a small calendar (a VALUES
list: one row per calendar and day, schools that share the trust's dates sharing one calendar),
and one aggregate query joins it to staff and spells and sums per period, school and role
group (a report's four periods in one pass). The same SQL runs on PostgreSQL and on the
embedded SQLite; only date literals and date differences are spelt per database.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.db import connection
from django.db.models import Max, Min, Q
from django.utils import timezone

from absence.models import AbsenceCategory, AbsenceRecord
from people.models import WEEKDAY_NAMES, School

CENTRAL = 0  # the school key of central staff, who follow the trust's calendar
SUM_KEYS = (
    "headcount",
    "fte_in_post",
    "days_available",
    "sickness_days_lost",
    "staff_with_sickness",
    "mental_health_days_lost",
    "long_term_days_lost",
    "spells_started",
)
LONG_TERM_DAYS = 20


# --- the calendar --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    """Every term row, loaded in one query: the trust's dates and each school's own."""

    trust: dict  # term key -> TermDates
    own: dict  # school id -> {term key -> TermDates}

    @classmethod
    def load(cls, *, school_ids=None) -> "Terms":
        """Every term row, or only the trust's and those of the given schools."""
        from school_calendar.models import Term
        from school_calendar.terms import TermDates

        trust: dict = {}
        own: dict = {}
        rows = Term.objects.all()
        if school_ids is not None:
            rows = rows.filter(Q(school__isnull=True) | Q(school_id__in=school_ids))
        for year, term, school_id, *dates in rows.values_list(
            "academic_year",
            "term",
            "school_id",
            "first_day",
            "last_day",
            "half_term_first_day",
            "half_term_last_day",
        ):
            target = trust if school_id is None else own.setdefault(school_id, {})
            target[f"{year}-{term}"] = TermDates(*dates)
        return cls(trust=trust, own=own)

    def for_school(self, school_key: int) -> dict:
        return {**self.trust, **self.own.get(school_key, {})}


@dataclass
class Calendar:
    """School working days per calendar, and which calendar each school (0 = central) follows."""

    days: dict[int, list[date]]  # calendar id -> days
    schools: dict[int, tuple[int, date, date]]  # school key -> (calendar id, first day, last day)

    @property
    def empty(self) -> bool:
        return not any(self.days.values())


@lru_cache(maxsize=1024)
def _working_days(dates) -> tuple[date, ...]:
    """A term's working days, worked out once per set of dates (most schools share the trust's)."""
    return tuple(dates.working_days())


def working_calendar(
    terms: Terms, school_keys, *, keys=None, first=None, last=None, until=None, ids_from=1
) -> Calendar:
    """The school working days of the given terms, or of every term within [first, last].

    With `until`, a term still in progress on that day counts only its days up to that day.
    Calendar ids count up from `ids_from` (calendars of several periods keep distinct ids).
    """
    by_days: dict[tuple, int] = {}
    calendar = Calendar(days={}, schools={})
    for school_key in school_keys:
        days: list[date] = []
        span_first = span_last = None
        for key, dates in terms.for_school(school_key).items():
            if keys is not None and key not in keys:
                continue
            if keys is None and (dates.last_day < first or dates.first_day > last):
                continue
            if until is not None and dates.first_day > until:
                continue  # not begun on the day of measurement: nothing to measure yet
            working = _working_days(dates)
            if keys is None:
                working = [d for d in working if first <= d <= last]
            last_day = dates.last_day
            if until is not None and last_day > until:
                working = [d for d in working if d <= until]
                last_day = until
            days.extend(working)
            span_first = min(filter(None, (span_first, dates.first_day)))
            span_last = max(filter(None, (span_last, last_day)))
        if not days:
            continue
        signature = tuple(sorted(days))
        cal_id = by_days.setdefault(signature, len(by_days) + ids_from)
        calendar.days[cal_id] = list(signature)
        calendar.schools[school_key] = (cal_id, span_first, span_last)
    return calendar


def date_sql(day: date) -> str:
    if connection.vendor == "postgresql":
        return f"DATE '{day.isoformat()}'"
    return f"'{day.isoformat()}'"


def _days_between_sql(first: str, last: str) -> str:
    if connection.vendor == "postgresql":
        return f"({last} - {first})"
    return f"(julianday({last}) - julianday({first}))"


def calendar_values_sql(calendar: Calendar) -> str:
    return ", ".join(
        f"({cal_id}, {date_sql(day)}, '{WEEKDAY_NAMES[day.weekday()]}')"
        for cal_id, days in calendar.days.items()
        for day in days
    )


def school_rows(calendar: Calendar) -> list[str]:
    """Per school: its key, calendar id, number of days, first and last day, as SQL values."""
    sizes = {cal_id: len(days) for cal_id, days in calendar.days.items()}
    return [
        f"{key}, {cal_id}, {sizes[cal_id]}, {date_sql(first)}, {date_sql(last)}"
        for key, (cal_id, first, last) in calendar.schools.items()
    ]


def school_values_sql(calendar: Calendar) -> str:
    return ", ".join(f"({row})" for row in school_rows(calendar))


# A calendar day counts for a spell when it is one of the person's working days inside the spell;
# the first and last days count half when flagged.
LOST_DAY_SQL = (
    "CASE WHEN ({c}.day = sp.start_date AND sp.start_half_day) "
    "OR ({c}.day = sp.end_date AND sp.end_half_day) THEN 0.5 ELSE 1 END"
)
PERSON_DAY_SQL = (
    "{c}.day BETWEEN sp.start_date AND sp.end_date AND {c}.day >= sp.emp_start "
    "AND (sp.emp_end IS NULL OR {c}.day <= sp.emp_end) "
    "AND sp.working_days LIKE '%' || {c}.dname || '%'"
)


def _figure_sums_sql(calendars: dict[int, Calendar], long_calendar: Calendar) -> str:
    # One statement for every period: each row of the schools' spans (`sc`: one per period and
    # school) carries its period's number, each period's calendars have ids of their own, and
    # every step below keeps the period, so the periods are summed side by side, each exactly as
    # it would be alone.
    # Every join is an equality join on one column (calendar id or person) so the planner can
    # hash it (with two, it guessed one row and looped); the date tests are filters on the joined
    # rows. The days a spell loses in the period and over its whole length (for the long-term
    # test) are summed in one pass over a UNION ALL, not joined back to each other: the planner
    # can't estimate a VALUES calendar's row counts, and a join between two such aggregates
    # became a nested loop over every spell pair. For the same reason the staff rows, each
    # person's sums and the spells started are added up per group from one more UNION ALL
    # (`facts`) instead of joining the per-person sums back to the staff.
    # The long-term calendar has no period: it covers every day of the spells any period touches.
    # A person employed over a school's whole span (most people) has every day of its calendar:
    # their working days are summed from the calendar's count of each weekday (`weekdays`), and
    # only the others are joined to the calendar day by day (at 10,000 staff the day-by-day join
    # of everyone was a million rows and took about 40% of an import's refill). Each person is
    # paired with their schools' spans once (`staff_sc`), so the test of the span is made on
    # those pairs, not on every calendar day joined to them.
    spans = [span for calendar in calendars.values() for span in calendar.schools.values()]
    first = min(f for _c, f, _l in spans)
    last = max(lst for _c, _f, lst in spans)
    long_branch = ""
    long_ctes = ""
    if not long_calendar.empty:
        long_schools = ", ".join(f"({k}, {c})" for k, (c, _f, _l) in long_calendar.schools.items())
        long_ctes = f"""
lcal(cal_id, day, dname) AS (VALUES {calendar_values_sql(long_calendar)}),
lsc(school_key, cal_id) AS (VALUES {long_schools}),"""
        long_branch = f"""
  UNION ALL
  SELECT sp.period, sp.spell_pk, sp.staff_pk, sp.school_key, sp.role_group, sp.reason, 0,
         {LOST_DAY_SQL.format(c="lcal")}
  FROM spell sp
  JOIN lsc ON lsc.school_key = sp.school_key
  JOIN lcal ON lcal.cal_id = lsc.cal_id AND {PERSON_DAY_SQL.format(c="lcal")}
  WHERE {_days_between_sql("sp.start_date", "sp.end_date")} >= {LONG_TERM_DAYS - 1}"""
    days = ", ".join(calendar_values_sql(calendar) for calendar in calendars.values())
    school_periods = (
        (period, row) for period, calendar in calendars.items() for row in school_rows(calendar)
    )
    schools = ", ".join(
        f"({sc_id}, {period}, {row})" for sc_id, (period, row) in enumerate(school_periods, 1)
    )
    return f"""
WITH cal(cal_id, day, dname) AS (VALUES {days}),
sc(sc_id, period, school_key, cal_id, n_days, first_day, last_day) AS (VALUES {schools}),
{long_ctes}
weekdays AS (
  SELECT cal_id, dname, COUNT(*) AS days FROM cal GROUP BY cal_id, dname
),
staff_sc AS MATERIALIZED (
  SELECT sc.sc_id, sc.cal_id, sc.n_days, sm.id AS staff_pk, sm.start_date, sm.end_date,
         sm.working_days,
         sm.start_date <= sc.first_day AND (sm.end_date IS NULL OR sm.end_date >= sc.last_day)
           AS whole
  FROM people_staffmember sm
  JOIN sc ON sc.school_key = COALESCE(sm.school_id, {CENTRAL})
),
staff_days AS (
  SELECT ss.sc_id, ss.staff_pk, ss.n_days AS emp_days,
         COALESCE(SUM(CASE WHEN ss.working_days LIKE '%' || w.dname || '%' THEN w.days END), 0)
           AS work_days
  FROM staff_sc ss JOIN weekdays w ON w.cal_id = ss.cal_id
  WHERE ss.whole
  GROUP BY ss.sc_id, ss.staff_pk, ss.n_days
  UNION ALL
  SELECT ss.sc_id, ss.staff_pk, COUNT(*) AS emp_days,
         SUM(CASE WHEN ss.working_days LIKE '%' || cal.dname || '%' THEN 1 ELSE 0 END) AS work_days
  FROM staff_sc ss
  JOIN cal ON cal.cal_id = ss.cal_id AND cal.day >= ss.start_date
       AND (ss.end_date IS NULL OR cal.day <= ss.end_date)
  WHERE NOT ss.whole
  GROUP BY ss.sc_id, ss.staff_pk
),
staff_t AS (
  SELECT sc.period, d.staff_pk, sc.school_key, sc.cal_id, sm.role_group, sm.fte, sc.n_days,
         sc.first_day, sc.last_day, sm.start_date AS emp_start, sm.end_date AS emp_end,
         sm.working_days, d.emp_days, d.work_days
  FROM staff_days d
  JOIN people_staffmember sm ON sm.id = d.staff_pk
  JOIN sc ON sc.sc_id = d.sc_id
),
spell AS (
  SELECT s.period, a.id AS spell_pk, a.staff_id AS staff_pk, a.reason, a.start_date,
         a.end_date, a.start_half_day, a.end_half_day, s.school_key, s.cal_id, s.role_group,
         s.emp_start, s.emp_end, s.working_days, s.first_day, s.last_day
  FROM people_absencerecord a JOIN staff_t s ON s.staff_pk = a.staff_id
  WHERE a.category = '{AbsenceCategory.SIC.value}' AND s.work_days > 0
    AND a.start_date <= {date_sql(last)} AND a.end_date >= {date_sql(first)}
    AND a.start_date <= s.last_day AND a.end_date >= s.first_day
),
spell_day(period, spell_pk, staff_pk, school_key, role_group, reason, in_period, whole) AS (
  SELECT sp.period, sp.spell_pk, sp.staff_pk, sp.school_key, sp.role_group, sp.reason,
         {LOST_DAY_SQL.format(c="cal")}, 0
  FROM spell sp
  JOIN cal ON cal.cal_id = sp.cal_id AND {PERSON_DAY_SQL.format(c="cal")}{long_branch}
),
lost AS (
  SELECT period, staff_pk, school_key, role_group, reason, SUM(in_period) AS days,
         SUM(whole) AS whole
  FROM spell_day GROUP BY period, spell_pk, staff_pk, school_key, role_group, reason
),
person AS (
  SELECT period, school_key, role_group, SUM(days) AS sick,
         SUM(CASE WHEN reason = 'mental_health' THEN days ELSE 0 END) AS mh,
         SUM(CASE WHEN whole >= {LONG_TERM_DAYS} THEN days ELSE 0 END) AS lt
  FROM lost GROUP BY period, staff_pk, school_key, role_group
),
facts(period, school_key, role_group, head, fte, available, sick, with_sick, mh, lt, started)
AS (
  SELECT period, school_key, role_group, 1, fte * emp_days * 1.0 / n_days, work_days,
         0, 0, 0, 0, 0
  FROM staff_t WHERE work_days > 0
  UNION ALL
  SELECT period, school_key, role_group, 0, 0, 0, sick, CASE WHEN sick > 0 THEN 1 ELSE 0 END,
         mh, lt, 0
  FROM person
  UNION ALL
  SELECT period, school_key, role_group, 0, 0, 0, 0, 0, 0, 0, 1 FROM spell
  WHERE start_date BETWEEN first_day AND last_day
)
SELECT period, school_key, role_group, SUM(head), SUM(fte), SUM(available), SUM(sick),
       SUM(with_sick), SUM(mh), SUM(lt), SUM(started)
FROM facts
GROUP BY period, school_key, role_group
"""


def as_decimal(value) -> Decimal:
    if value is None:
        return Decimal(0)
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


@dataclass
class GroupSums:
    """The additive parts of the absence figures of one group (every figure derives from them)."""

    headcount: int = 0
    fte_in_post: Decimal = Decimal(0)
    days_available: Decimal = Decimal(0)
    sickness_days_lost: Decimal = Decimal(0)
    staff_with_sickness: int = 0
    mental_health_days_lost: Decimal = Decimal(0)
    long_term_days_lost: Decimal = Decimal(0)
    spells_started: int = 0

    def add(self, other: "GroupSums") -> None:
        for key in SUM_KEYS:
            setattr(self, key, getattr(self, key) + getattr(other, key))


@dataclass
class PeriodSums:
    """Sums for a period: per (school key, role group), with the trust and school totals."""

    cells: dict[tuple[int, str], GroupSums]
    # The day a term still in progress was measured to; None when every term had ended by then.
    measured_to: date | None = None

    def school(self, school_id: int) -> GroupSums:
        total = GroupSums()
        for (key, _rg), sums in self.cells.items():
            if key == school_id:
                total.add(sums)
        return total

    def role_group(self, school_id: int | None, role_group: str) -> GroupSums:
        total = GroupSums()
        for (key, rg), sums in self.cells.items():
            if rg == role_group and (school_id is None or key == school_id):
                total.add(sums)
        return total

    def trust(self) -> GroupSums:
        total = GroupSums()
        for sums in self.cells.values():
            total.add(sums)
        return total


def _sick_span(calendars) -> tuple[date, date] | None:
    """The first and last day of the SIC spells that touch any of the periods (for the
    long-term check)."""
    spans = [span for calendar in calendars for span in calendar.schools.values()]
    first = min(f for _c, f, _l in spans)
    last = max(lst for _c, _f, lst in spans)
    span = AbsenceRecord.objects.filter(
        category=AbsenceCategory.SIC, start_date__lte=last, end_date__gte=first
    ).aggregate(first=Min("start_date"), last=Max("end_date"))
    if span["first"] is None:
        return None
    return span["first"], span["last"]


def period_sums(
    *, term_keys: list[str], terms: "Terms | None" = None, today: date | None = None
) -> PeriodSums | None:
    """The additive absence sums over one or more terms, as measured on `today` (default: the
    real today); None when none of them has dates or has begun.

    A term still in progress counts its days up to and including `today` only, for the days
    available and the days lost alike (docs/figures.md); ended terms count every day.
    """
    return periods_sums(periods={"period": term_keys}, terms=terms, today=today)["period"]


def periods_sums(*, periods: dict, terms: "Terms | None" = None, today: date | None = None) -> dict:
    """period_sums of several periods (any name -> term keys) at once, in one statement: the
    same names -> PeriodSums or None."""
    terms = terms or Terms.load()
    today = today or timezone.localdate()
    school_keys = [CENTRAL, *School.objects.values_list("pk", flat=True)]
    result: dict = dict.fromkeys(periods)
    calendars: dict[int, Calendar] = {}
    names: dict = {}
    ids_from = 1
    for number, (name, term_keys) in enumerate(periods.items(), 1):
        keys = set(term_keys)
        calendar = working_calendar(terms, school_keys, keys=keys, until=today, ids_from=ids_from)
        if calendar.empty:
            continue
        ids_from += len(calendar.days)
        in_progress = any(
            dates.last_day > today
            for school_key in school_keys
            for key, dates in terms.for_school(school_key).items()
            if key in keys and dates.first_day <= today
        )
        calendars[number], names[number] = calendar, name
        result[name] = PeriodSums(cells={}, measured_to=today if in_progress else None)
    if not calendars:
        return result
    span = _sick_span(calendars.values())
    long_calendar = (
        working_calendar(terms, school_keys, first=span[0], last=span[1])
        if span
        else Calendar(days={}, schools={})
    )
    with connection.cursor() as cursor:
        cursor.execute(_figure_sums_sql(calendars, long_calendar))
        rows = cursor.fetchall()
    for (
        number,
        key,
        role_group,
        headcount,
        fte,
        available,
        sick,
        with_sick,
        mh,
        lt,
        started,
    ) in rows:
        result[names[number]].cells[(key, role_group)] = GroupSums(
            headcount=int(headcount),
            fte_in_post=as_decimal(fte),
            days_available=as_decimal(available),
            sickness_days_lost=as_decimal(sick),
            staff_with_sickness=int(with_sick or 0),
            mental_health_days_lost=as_decimal(mh),
            long_term_days_lost=as_decimal(lt),
            spells_started=int(started or 0),
        )
    return result


# --- figures -------------------------------------------------------------------------------------
