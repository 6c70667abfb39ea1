"""Reads for absence: the absence figures (docs/figures.md) with suppression applied, built on
the database sums of absence/sums.py, and the named records (HR only) with Bradford factors.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from absence.models import AbsenceCategory, AbsenceRecord
from absence.sums import (
    CENTRAL,
    LOST_DAY_SQL,
    PERSON_DAY_SQL,
    GroupSums,
    PeriodSums,
    Terms,
    as_decimal,
    calendar_values_sql,
    date_sql,
    periods_sums,
    school_values_sql,
    working_calendar,
)
from people import anonymity
from people.models import RoleGroup, School, StaffMember, Trust

FIGURE_KEYS = (
    "headcount",
    "fte_in_post",
    "days_available",
    "sickness_days_lost",
    "absence_rate_pct",
    "days_lost_per_fte",
    "avg_days_lost_per_staff",
    "staff_with_sickness",
    "pct_staff_with_sickness",
    "avg_days_per_absent_staff",
    "mental_health_days_lost",
    "mental_health_pct",
    "long_term_days_lost",
    "short_term_days_lost",
    "spells_started",
)
ROLE_GROUPS = (RoleGroup.TEACHING.value, RoleGroup.SUPPORT.value)

# --- figures -------------------------------------------------------------------------------------


def _ratio(numerator, denominator, scale=1):
    if not denominator:
        return None
    return Decimal(scale) * Decimal(numerator) / Decimal(denominator)


def figures_from_sums(sums: GroupSums) -> dict:
    """Every absence figure of one group (docs/figures.md), unrounded (rounded at export)."""
    return {
        "headcount": sums.headcount,
        "fte_in_post": sums.fte_in_post,
        "days_available": sums.days_available,
        "sickness_days_lost": sums.sickness_days_lost,
        "absence_rate_pct": _ratio(sums.sickness_days_lost, sums.days_available, 100),
        "days_lost_per_fte": _ratio(sums.sickness_days_lost, sums.fte_in_post),
        "avg_days_lost_per_staff": _ratio(sums.sickness_days_lost, sums.headcount),
        "staff_with_sickness": sums.staff_with_sickness,
        "pct_staff_with_sickness": _ratio(sums.staff_with_sickness, sums.headcount, 100),
        "avg_days_per_absent_staff": _ratio(sums.sickness_days_lost, sums.staff_with_sickness),
        "mental_health_days_lost": sums.mental_health_days_lost,
        "mental_health_pct": _ratio(sums.mental_health_days_lost, sums.sickness_days_lost, 100),
        "long_term_days_lost": sums.long_term_days_lost,
        "short_term_days_lost": sums.sickness_days_lost - sums.long_term_days_lost,
        "spells_started": sums.spells_started,
        "suppressed": False,
    }


def suppressed_figures() -> dict:
    return {**dict.fromkeys(FIGURE_KEYS), "suppressed": True}


def rounded(figures: dict | None) -> dict | None:
    """The figures as exported: numbers to 2 decimal places (half up), whole counts as integers."""
    if figures is None:
        return None
    out = {}
    for key, value in figures.items():
        if isinstance(value, Decimal):
            value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            value = int(value) if value == value.to_integral_value() else float(value)
        out[key] = value
    return out


def _complement(sizes: dict, shown_parent: bool, minimum: int) -> set:
    """Members of one family to hide, by the anonymity engine's rules (people.anonymity).

    sizes maps member -> headcount, in export order; a member named None (central staff) is part
    of the family but never shown on its own. With the parent hidden only the small ones hide.
    """
    if not shown_parent:
        return {m for m, n in sizes.items() if n < minimum}
    order = {m: i for i, m in enumerate(sizes)}
    return anonymity.small_groups_hidden(sizes, minimum, order=order, unshown={None})


@dataclass
class AbsenceFigures:
    """A period's figures for the trust, each school and each role group, suppression applied."""

    trust: dict
    schools: dict[int, dict]
    role_groups: dict[tuple[int, str], dict]
    teaching_trust: dict


def absence_figures(
    *,
    term_keys: list[str],
    min_group_size: int | None = None,
    terms=None,
    today: date | None = None,
) -> AbsenceFigures | None:
    """Absence figures of a period (one term, or several for a year to date); None without dates.

    Measured on `today` (default: the real today): a term in progress counts up to that day.
    A group smaller than the minimum group size is suppressed, and where hiding one school (or
    one role group of a school) could be undone by subtraction, the next smallest is hidden too.
    """
    return periods_figures(
        periods={"period": term_keys}, min_group_size=min_group_size, terms=terms, today=today
    )["period"]


def periods_figures(
    *,
    periods: dict[str, list[str]],
    min_group_size: int | None = None,
    terms=None,
    today: date | None = None,
) -> dict[str, AbsenceFigures | None]:
    """absence_figures of several periods (name -> term keys), summed in one pass."""
    sums = periods_sums(periods=periods, terms=terms, today=today)
    minimum = min_group_size or Trust.current().min_group_size
    school_ids = list(School.objects.order_by("urn").values_list("pk", flat=True))
    return {
        name: None
        if period is None
        else figures_of_sums(period, min_group_size=minimum, school_ids=school_ids)
        for name, period in sums.items()
    }


def figures_of_sums(
    sums: PeriodSums, *, min_group_size: int | None = None, school_ids: list[int] | None = None
) -> AbsenceFigures:
    """A period's figures from its sums, suppression applied (see absence_figures); school_ids
    are the schools' ids in URN order, read here when not given."""
    minimum = min_group_size or Trust.current().min_group_size
    schools = school_ids
    if schools is None:
        schools = list(School.objects.order_by("urn").values_list("pk", flat=True))
    trust_sums = sums.trust()

    def shown(group: GroupSums, hidden: bool) -> dict:
        return suppressed_figures() if hidden else figures_from_sums(group)

    trust_hidden = trust_sums.headcount < minimum
    school_sums = {pk: sums.school(pk) for pk in schools}
    sizes = {pk: s.headcount for pk, s in school_sums.items()}
    sizes[None] = sums.school(CENTRAL).headcount
    hidden_schools = _complement(sizes, not trust_hidden, minimum)
    result = AbsenceFigures(
        trust=shown(trust_sums, trust_hidden),
        schools={pk: shown(s, pk in hidden_schools) for pk, s in school_sums.items()},
        role_groups={},
        teaching_trust=shown(
            sums.role_group(None, RoleGroup.TEACHING),
            sums.role_group(None, RoleGroup.TEACHING).headcount < minimum,
        ),
    )
    for pk in schools:
        groups = {rg: sums.role_group(pk, rg) for rg in ROLE_GROUPS}
        if pk in hidden_schools:
            hidden = set(ROLE_GROUPS)
        else:
            hidden = _complement({rg: g.headcount for rg, g in groups.items()}, True, minimum)
        for rg, group in groups.items():
            result.role_groups[(pk, rg)] = shown(group, rg in hidden)
    return result


# --- named records (HR only) -------------------------------------------------------------------


def bradford_factors(*, staff_ids: list[int], today: date, terms=None) -> dict[int, dict]:
    """Per person: SIC spells (S) and working days lost (D) in the 52 weeks to today, and S² × D."""
    if not staff_ids:
        return {}
    first = today - timedelta(weeks=52) + timedelta(days=1)
    # Only the calendars of these people's schools: the cost follows the page, not the trust.
    school_ids = set(
        StaffMember.objects.filter(pk__in=staff_ids).values_list("school_id", flat=True)
    )
    school_keys = sorted({CENTRAL if pk is None else pk for pk in school_ids})
    terms = terms or Terms.load(school_ids=[pk for pk in school_ids if pk is not None])
    calendar = working_calendar(terms, school_keys, first=first, last=today)
    spells = dict.fromkeys(staff_ids, 0)
    counts = AbsenceRecord.objects.filter(
        staff_id__in=staff_ids,
        category=AbsenceCategory.SIC,
        start_date__lte=today,
        end_date__gte=first,
    ).values_list("staff_id", "id")
    for staff_pk, _id in counts:
        spells[staff_pk] += 1
    days: dict[int, Decimal] = {}
    if not calendar.empty:
        ids = ", ".join(str(int(pk)) for pk in staff_ids)
        # The page's spells first: left to itself the planner joined every staff member to the
        # calendar before looking the spells up.
        materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
        sql = f"""
WITH cal(cal_id, day, dname) AS (VALUES {calendar_values_sql(calendar)}),
sc(school_key, cal_id, n_days, first_day, last_day) AS (VALUES {school_values_sql(calendar)}),
sp AS {materialized}(
  SELECT a.staff_id AS staff_pk, a.start_date, a.end_date, a.start_half_day, a.end_half_day,
         COALESCE(sm.school_id, {CENTRAL}) AS school_key, sm.start_date AS emp_start,
         sm.end_date AS emp_end, sm.working_days
  FROM people_absencerecord a JOIN people_staffmember sm ON sm.id = a.staff_id
  WHERE a.category = '{AbsenceCategory.SIC.value}' AND a.staff_id IN ({ids})
    AND a.start_date <= {date_sql(today)} AND a.end_date >= {date_sql(first)}
)
SELECT sp.staff_pk, SUM({LOST_DAY_SQL.format(c="cal")})
FROM sp JOIN sc ON sc.school_key = sp.school_key
JOIN cal ON cal.cal_id = sc.cal_id AND {PERSON_DAY_SQL.format(c="cal")}
GROUP BY sp.staff_pk
"""
        with connection.cursor() as cursor:
            cursor.execute(sql)
            days = {pk: as_decimal(d) for pk, d in cursor.fetchall()}
    return {
        pk: {
            "spells": spells[pk],
            "days": days.get(pk, Decimal(0)),
            "bradford": spells[pk] ** 2 * days.get(pk, Decimal(0)),
        }
        for pk in staff_ids
    }


def sickness_records(*, search: str = ""):
    """Named absence records, newest first (HR only: the view checks VIEW_ABSENCE_RECORDS)."""
    records = AbsenceRecord.objects.select_related("staff__user", "staff__school").order_by(
        "-start_date", "record_id"
    )
    if search:
        records = records.filter(
            Q(staff__staff_id__iexact=search)
            | Q(staff__user__last_name__icontains=search)
            | Q(record_id__iexact=search)
        )
    return records


def people_with_sickness(*, today: date):
    """Staff with a sickness spell in the 52 weeks to today."""
    first = today - timedelta(weeks=52) + timedelta(days=1)
    # EXISTS rather than a join and DISTINCT: each person is tested once, spells aren't multiplied.
    sick = AbsenceRecord.objects.filter(
        staff=OuterRef("pk"),
        category=AbsenceCategory.SIC,
        start_date__lte=today,
        end_date__gte=first,
    )
    return (
        StaffMember.objects.filter(Exists(sick))
        .select_related("user", "school")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def staff_in_order(staff_ids: list[int]) -> list:
    """These staff records (with user and school), in the order of the ids given."""
    found = StaffMember.objects.select_related("user", "school").in_bulk(staff_ids)
    return [found[pk] for pk in staff_ids if pk in found]
