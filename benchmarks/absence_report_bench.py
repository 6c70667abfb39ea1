"""Benchmark: absence import and termly report build for a trust of 40,000 staff and 100 schools.

Run against a separate PostgreSQL database (created if missing), e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wp_bench \
        .venv/bin/python benchmarks/absence_report_bench.py

BENCH_STAFF (default 40,000) and BENCH_SCHOOLS (default 100) make a smaller trust for a quick run.

It loads staff with COPY, writes five years of absence (about a million spells) as a CSV and
imports it through the portal's import service, builds the report of one term, and times the
report's absence aggregation against one hand-written SQL query computing the same figures.
"""

import io
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellbeing_portal.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wp_bench")
os.environ["REDIS_URL"] = ""  # build inline: the benchmark times the work, not the queue

STAFF = int(os.environ.get("BENCH_STAFF", 40_000))
SCHOOLS = int(os.environ.get("BENCH_SCHOOLS", 100))
YEARS = ["2021-22", "2022-23", "2023-24", "2024-25", "2025-26"]
TERM = "2025-26-spring"


def _create_database() -> None:
    import psycopg2

    url = urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    connection = psycopg2.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def _terms(year: str) -> list[tuple]:
    start = int(year[:4])

    def monday_on_or_after(day):
        return day + timedelta(days=(7 - day.weekday()) % 7)

    autumn = monday_on_or_after(date(start, 9, 2))
    autumn_half = monday_on_or_after(date(start, 10, 23))
    spring = monday_on_or_after(date(start + 1, 1, 4))
    spring_half = monday_on_or_after(date(start + 1, 2, 13))
    summer = monday_on_or_after(date(start + 1, 4, 15))
    summer_half = monday_on_or_after(date(start + 1, 5, 25))
    return [
        ("autumn", autumn, date(start, 12, 19), autumn_half, autumn_half + timedelta(days=4)),
        ("spring", spring, date(start + 1, 3, 29), spring_half, spring_half + timedelta(days=4)),
        ("summer", summer, date(start + 1, 7, 21), summer_half, summer_half + timedelta(days=4)),
    ]


def _load_world() -> None:
    from django.db import connection, transaction

    with transaction.atomic():
        _load_world_once(connection)


def _load_world_once(connection) -> None:

    from people.models import School, StaffMember, Trust
    from school_calendar.models import Term

    if StaffMember.objects.count() >= STAFF:
        return
    trust = Trust.current()
    School.objects.bulk_create(
        [
            School(trust=trust, urn=f"{500000 + i:06d}", name=f"Bench School {i:03d}")
            for i in range(SCHOOLS)
        ]
    )
    for year in YEARS:
        for term, first, last, ht_first, ht_last in _terms(year):
            Term.objects.create(
                academic_year=year,
                term=term,
                first_day=first,
                last_day=last,
                half_term_first_day=ht_first,
                half_term_last_day=ht_last,
            )
    school_ids = list(School.objects.values_list("pk", flat=True))
    rng = random.Random(7)
    users, staff = io.StringIO(), io.StringIO()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM people_user")
        base = cursor.fetchone()[0]
    for i in range(STAFF):
        pk = base + i + 1
        users.write(
            f"{pk}\t!\tf\tBench\tPerson{i}\tf\tt\t2020-01-01 00:00:00+00\tbench{i}@example.org\n"
        )
        school = "\\N" if i % 200 == 0 else school_ids[i % len(school_ids)]
        fte, days = rng.choice(
            [("1", "Mon Tue Wed Thu Fri")] * 7 + [("0.6", "Mon Tue Wed"), ("0.4", "Thu Fri")]
        )
        role = "teaching" if rng.random() < 0.55 else "support"
        start = date(2015, 9, 1) if rng.random() < 0.8 else date(2020 + rng.randint(0, 5), 9, 1)
        end = (
            "\\N"
            if rng.random() < 0.9
            else date(max(2021, start.year + 1) + rng.randint(0, 4), 7, 31).isoformat()
        )
        staff.write(
            f"B{i:06d}\t{school}\t{role}\t\t{fte}\t{days}\t{start.isoformat()}\t{end}\t{pk}"
            "\t2020-01-01 00:00:00+00\n"
        )
    users.seek(0)
    staff.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            "COPY people_user (id, password, is_superuser, first_name, last_name, is_staff,"
            " is_active, date_joined, email) FROM STDIN",
            users,
        )
        cursor.copy_expert(
            "COPY people_staffmember (staff_id, school_id, role_group, department, fte,"
            " working_days, start_date, end_date, user_id, updated_at) FROM STDIN",
            staff,
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('people_user', 'id'), MAX(id)) FROM people_user"
        )


def _absence_csv(path: Path) -> int:
    """About 25 spells per person over five years (a million for 40,000 staff), more in winter;
    some long and some mental health."""
    from people.models import StaffMember

    rng = random.Random(11)
    first_day, last_day = date(2021, 9, 1), date(2026, 7, 21)
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "record_id,staff_id,start_date,end_date,category,reason,start_half_day,end_half_day\n"
        )
        for staff_id, start, end in StaffMember.objects.values_list(
            "staff_id", "start_date", "end_date"
        ):
            day = max(first_day, start) + timedelta(days=rng.randint(0, 40))
            finish = min(last_day, end) if end else last_day
            while day < finish:
                winter = day.month in (11, 12, 1, 2, 3)
                length = 1 + int(rng.expovariate(1 / (3 if winter else 2)))
                category, reason = (
                    "SIC",
                    rng.choices(
                        ["mental_health", "musculoskeletal", "infection", "injury", "other"],
                        [22, 15, 45, 5, 13],
                    )[0],
                )
                if rng.random() < 0.03:
                    length = rng.randint(25, 90)
                    reason = rng.choice(["mental_health", "long_term_condition", "musculoskeletal"])
                elif rng.random() < 0.2:
                    category, reason = rng.choice(["TRN", "OTH", "PUB", "UNP"]), ""
                spell_end = min(day + timedelta(days=length - 1), finish)
                half = "yes" if rng.random() < 0.05 else ""
                rows += 1
                out.write(f"R{rows:08d},{staff_id},{day},{spell_end},{category},{reason},{half},\n")
                day = spell_end + timedelta(days=rng.randint(16, 88 if winter else 120))
    return rows


# The limit for the report's absence sums of one term: one statement, checked equal to the
# portal's figures. Staff employed over the whole term take their days from the count of each
# weekday in it; only the others, and the spells, are joined to the calendar day by day
# (EXPLAIN ANALYZE: the per-day join of every person was most of its time).
HAND_WRITTEN = """
WITH bank(day) AS (VALUES {bank}),
cal AS (
  SELECT d::date AS day, to_char(d, 'Dy') AS dname
  FROM generate_series(DATE '{first}', DATE '{last}', INTERVAL '1 day') AS d
  WHERE EXTRACT(ISODOW FROM d) < 6 AND d NOT BETWEEN DATE '{ht_first}' AND DATE '{ht_last}'
    AND d::date NOT IN (SELECT day FROM bank)
),
n AS (SELECT COUNT(*)::numeric AS days FROM cal),
whole AS (
  SELECT d::date AS day, to_char(d, 'Dy') AS dname
  FROM generate_series(DATE '{all_first}', DATE '{all_last}', INTERVAL '1 day') AS d
  JOIN workload_term t ON t.school_id IS NULL AND d BETWEEN t.first_day AND t.last_day
   AND NOT (d BETWEEN t.half_term_first_day AND t.half_term_last_day)
  WHERE EXTRACT(ISODOW FROM d) < 6 AND d::date NOT IN (SELECT day FROM bank)
),
weekdays AS MATERIALIZED (SELECT dname, COUNT(*) AS days FROM cal GROUP BY dname),
person AS (
  SELECT sm.id, sm.school_id, sm.role_group, sm.fte, n.days AS emp_days,
         (SELECT COALESCE(SUM(w.days), 0) FROM weekdays w
          WHERE strpos(sm.working_days, w.dname) > 0) AS work_days
  FROM people_staffmember sm CROSS JOIN n
  WHERE sm.start_date <= DATE '{first}' AND (sm.end_date IS NULL OR sm.end_date >= DATE '{last}')
  UNION ALL
  SELECT sm.id, sm.school_id, sm.role_group, sm.fte,
         COUNT(*) AS emp_days,
         COUNT(*) FILTER (WHERE strpos(sm.working_days, c.dname) > 0) AS work_days
  FROM people_staffmember sm
  JOIN cal c ON c.day >= sm.start_date AND (sm.end_date IS NULL OR c.day <= sm.end_date)
  WHERE sm.start_date > DATE '{first}' OR sm.end_date < DATE '{last}'
  GROUP BY sm.id
),
spell_days AS (
  SELECT a.id, a.staff_id, a.reason, a.start_date,
         SUM(CASE WHEN (c.day = a.start_date AND a.start_half_day)
                    OR (c.day = a.end_date AND a.end_half_day) THEN 0.5 ELSE 1 END) AS days
  FROM people_absencerecord a JOIN person p ON p.id = a.staff_id AND p.work_days > 0
  JOIN people_staffmember sm ON sm.id = a.staff_id
  JOIN cal c ON c.day BETWEEN a.start_date AND a.end_date AND strpos(sm.working_days, c.dname) > 0
   AND c.day >= sm.start_date AND (sm.end_date IS NULL OR c.day <= sm.end_date)
  WHERE a.category = 'SIC' AND a.start_date <= DATE '{last}' AND a.end_date >= DATE '{first}'
  GROUP BY a.id
),
long_spells AS MATERIALIZED (
  SELECT a.id FROM spell_days s JOIN people_absencerecord a ON a.id = s.id
  JOIN people_staffmember sm ON sm.id = a.staff_id
  JOIN whole w ON w.day BETWEEN a.start_date AND a.end_date AND strpos(sm.working_days, w.dname) > 0
   AND w.day >= sm.start_date AND (sm.end_date IS NULL OR w.day <= sm.end_date)
  WHERE a.end_date - a.start_date >= 19
  GROUP BY a.id
  HAVING SUM(CASE WHEN (w.day = a.start_date AND a.start_half_day)
                    OR (w.day = a.end_date AND a.end_half_day) THEN 0.5 ELSE 1 END) >= 20
),
per AS (
  SELECT s.staff_id, SUM(s.days) AS sick,
         SUM(s.days) FILTER (WHERE s.reason = 'mental_health') AS mh,
         SUM(s.days) FILTER (WHERE l.id IS NOT NULL) AS lt
  FROM spell_days s LEFT JOIN long_spells l ON l.id = s.id GROUP BY s.staff_id
),
started AS (
  SELECT a.staff_id, COUNT(*) AS n FROM people_absencerecord a
  WHERE a.category = 'SIC' AND a.start_date BETWEEN DATE '{first}' AND DATE '{last}'
  GROUP BY a.staff_id
)
SELECT COALESCE(p.school_id, 0), p.role_group, COUNT(*), SUM(p.fte * p.emp_days / n.days),
       SUM(p.work_days), COALESCE(SUM(per.sick), 0), COUNT(per.sick) FILTER (WHERE per.sick > 0),
       COALESCE(SUM(per.mh), 0), COALESCE(SUM(per.lt), 0), COALESCE(SUM(st.n), 0)
FROM person p CROSS JOIN n
LEFT JOIN per ON per.staff_id = p.id
LEFT JOIN started st ON st.staff_id = p.id
WHERE p.work_days > 0
GROUP BY 1, 2 ORDER BY 1, 2
"""


def _hand_written_sql() -> str:
    from school_calendar.models import Term
    from school_calendar.terms import bank_holidays_between, term_dates

    dates = term_dates(TERM)
    span = Term.objects.filter(school__isnull=True).order_by("first_day")
    banks = bank_holidays_between(span.first().first_day, span.last().last_day)
    return HAND_WRITTEN.format(
        bank=", ".join(f"(DATE '{d}')" for d in sorted(banks)),
        first=dates.first_day,
        last=dates.last_day,
        ht_first=dates.half_term_first_day,
        ht_last=dates.half_term_last_day,
        all_first=span.first().first_day,
        all_last=span.last().last_day,
    )


def hand_written_rows(sql: str) -> list:
    """The hand-written statement's rows, run the fastest way this server allows: without JIT
    compilation, which its estimated cost would switch on and which only adds 50 ms or so to
    a statement this short (the portal's statements are run as the server is set up)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql)
        return cursor.fetchall()


def _timed(label, function):
    started = time.perf_counter()
    value = function()
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.2f} s", flush=True)
    return value, seconds


def main() -> None:
    _create_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from absence.models import AbsenceRecord
    from absence.services import absence_import
    from absence.sums import period_sums
    from dashboards import services
    from dashboards.models import ReportBuild
    from people.models import StaffMember

    call_command("migrate", verbosity=0)
    _timed(f"load {STAFF:,} staff, {SCHOOLS} schools and 15 terms (COPY)", _load_world)
    print(f"staff: {StaffMember.objects.count()}", flush=True)
    if AbsenceRecord.objects.count() < 500_000:
        name = urlparse(os.environ["DATABASE_URL"]).path.lstrip("/")
        path = Path(tempfile.gettempdir()) / f"{name}_absence.csv"
        rows, _ = _timed("write the absence CSV", lambda: _absence_csv(path))
        print(f"absence CSV: {rows} rows, {path.stat().st_size / 1e6:.0f} MB", flush=True)
        result, _ = _timed(
            "import the absence CSV through absence_import",
            lambda: absence_import(data=path.read_bytes()),
        )
        print(result.summary(), flush=True)
        again, _ = _timed(
            "re-import the same CSV (all unchanged)", lambda: absence_import(data=path.read_bytes())
        )
        print(again.summary(), flush=True)
    print(f"absence records: {AbsenceRecord.objects.count()}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    # The report's own absence aggregation, timed inside the build: four periods (the term, the
    # previous term, the same term last year, the year to date), each one absence_figures call.
    spent = []
    real_absence_figures = services.absence_figures

    def timed_absence_figures(**kwargs):
        started = time.perf_counter()
        try:
            return real_absence_figures(**kwargs)
        finally:
            spent.append(time.perf_counter() - started)

    services.absence_figures = timed_absence_figures
    try:
        build = ReportBuild.objects.create(term_key=TERM, trigger="command")
        _timed(
            f"build the {TERM} report (four absence periods, every feed)",
            lambda: services.report_build(build_id=build.pk),
        )
    finally:
        services.absence_figures = real_absence_figures
    print(
        f"  of which the report's absence aggregation ({len(spent)} periods): {sum(spent):.2f} s"
        f" ({', '.join(f'{t:.2f}' for t in spent)})",
        flush=True,
    )

    ours, ours_s = _timed(
        f"portal absence aggregation for {TERM} (period_sums, cold)",
        lambda: period_sums(term_keys=[TERM]),
    )
    sql = _hand_written_sql()

    def hand():
        return hand_written_rows(sql)

    rows, hand_s = _timed("one hand-written SQL query, same figures (cold)", hand)
    ours_again, ours_s2 = _timed(
        "portal aggregation again (warm)", lambda: period_sums(term_keys=[TERM])
    )
    rows, hand_s2 = _timed("hand-written query again (warm)", hand)
    mismatches = []
    for key, role, headcount, fte, available, sick, with_sick, mh, lt, started in rows:
        cell = ours_again.cells.get((key, role))
        if cell is None:
            mismatches.append((key, role, "missing from the portal's figures"))
            continue
        portal = (
            cell.headcount,
            cell.days_available,
            cell.sickness_days_lost,
            cell.staff_with_sickness,
            cell.mental_health_days_lost,
            cell.long_term_days_lost,
            cell.spells_started,
        )
        hand_written = (headcount, available, sick, with_sick, mh, lt, started)
        if portal != hand_written or abs(cell.fte_in_post - fte) > Decimal("1e-9"):
            mismatches.append((key, role, portal, hand_written, cell.fte_in_post, fte))
    extra = set(ours_again.cells) - {(row[0], row[1]) for row in rows}
    mismatches += [(key, role, "missing from the hand-written figures") for key, role in extra]
    trust = ours_again.trust()
    print(
        f"trust {TERM}: headcount {trust.headcount}, days available {trust.days_available}, "
        f"sickness days lost {trust.sickness_days_lost}, long-term {trust.long_term_days_lost}, "
        f"spells started {trust.spells_started}"
    )
    print(f"groups compared: {len(rows)}, mismatches: {len(mismatches)}")
    for mismatch in mismatches[:5]:
        print(f"  mismatch: {mismatch}")
    print(f"ratio portal / hand-written (cold): {ours_s / hand_s:.2f}")
    print(f"ratio portal / hand-written (warm): {ours_s2 / hand_s2:.2f}")
    print(
        "ratio report's absence aggregation (4 periods) / hand-written (one term, warm): "
        f"{sum(spent) / hand_s2:.2f}"
    )
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
