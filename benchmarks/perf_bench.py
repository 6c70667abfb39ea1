"""`make bench`: the performance goals, each measured beside its limit in the same run.

    .venv/bin/python benchmarks/perf_bench.py           # full: 1,000, 10,000 and 40,000 staff
    .venv/bin/python benchmarks/perf_bench.py --quick   # 1,000 staff, under a minute (CI smoke)

Each trust size runs in a process of its own on a database of its own (wp_bench_perf_<staff>,
created if missing, on the server of BENCH_DATABASE_URL, with BENCH_DB_SUFFIX appended if set),
with DEBUG off. Both sides of a ratio are timed alternately, BENCH_REPEATS times (3 quick, 5
full), and medians compared, so a busy machine slows both alike. Every goal prints one line:

    RATIO <name> <value> <target>

a value at or under its target meets the goal. The names:

- import_vs_copy: importing the absence file through the portal's import into an empty records
  table ÷ COPY of the same file into a temporary table (at most 3 runs each; target 3);
- reimport_vs_copy: importing the same file again, every row unchanged ÷ the same COPY (target 2);
- report_absence_vs_sql: the report's absence sums of one term ÷ the hand-written single SQL
  statement for the same figures (benchmarks/absence_report_bench.py, checked equal; target 3);
- report_build_vs_sql: the whole report build (four absence periods and every other part) ÷ four
  runs of that statement (target 3);
- records_page: /absence/records/ as HR, milliseconds ÷ 150 (target 1);
- figures_page: /absence/, milliseconds ÷ 100 (target 1), read after a change has been stored;
- staff_import_vs_copy: importing the staff file of every person as stored, with staff ids and
  emails no one has yet (every row a new person; undone after each run) ÷ COPY of the same file
  into a temporary table (target 3);
- staff_reimport_vs_copy: importing the staff file of every person as stored (every row
  unchanged) ÷ COPY of the same file into a temporary table (target 2).

Then benchmarks/submit_bench.py loads the survey submit and a bare one-INSERT view with 50
users through gunicorn (wrk) and prints submit_throughput (portal ÷ bare requests per second:
higher is better, goal at or over 0.5) and submit_p95_ms (goal at or under 150).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


# Two checkouts benchmarking at once on one server keep apart with BENCH_DB_SUFFIX.
SUFFIX = os.environ.get("BENCH_DB_SUFFIX", "")


def _database_url(staff: int) -> str:
    return BASE_URL.rsplit("/", 1)[0] + f"/wp_bench_perf_{staff}{SUFFIX}"


def _median_ms(seconds: list[float]) -> float:
    return 1000 * statistics.median(seconds)


def ratio(name: str, value: float, target: float) -> None:
    print(f"RATIO {name} {value:.3f} {target:g}", flush=True)


def _alternate(repeats: int, goal, limit) -> tuple[list[float], list[float]]:
    """Time goal() and limit() alternately, limit first; each list holds seconds per run."""
    goal_s, limit_s = [], []
    for _ in range(repeats):
        for function, into in ((limit, limit_s), (goal, goal_s)):
            started = time.perf_counter()
            function()
            into.append(time.perf_counter() - started)
    return goal_s, limit_s


def run_size(staff: int, schools: int, repeats: int) -> int:
    """One trust size, inside its own process (Django is set up for its database)."""
    os.environ["DATABASE_URL"] = _database_url(staff)
    os.environ["BENCH_STAFF"], os.environ["BENCH_SCHOOLS"] = str(staff), str(schools)
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ.setdefault("SURVEY_SEAL_KEY", "benchmark-only-seal-key-not-a-secret")
    os.environ["REQUIRE_MFA"] = "false"
    # At 40,000 staff a year of spells is a 52 MB file: a trust that size raises the documented
    # IMPORT_MAX_BYTES (50 MB by default), as it would to import its own file.
    os.environ.setdefault("IMPORT_MAX_BYTES", str(256 * 1024 * 1024))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import absence_report_bench as world  # noqa: PLC0415  (reads BENCH_STAFF when imported)

    world._create_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from absence.models import AbsenceRecord
    from absence.services import absence_import
    from absence.sums import period_sums
    from dashboards import services
    from people.models import Role, RoleAssignment, User

    assert not settings.DEBUG, "benchmarks run with DEBUG off"
    # Pages are rendered without collectstatic: the plain storage names static files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    world._load_world()
    with connection.cursor() as cursor:
        # A running portal's tables have statistics (autovacuum keeps them; it is off on some
        # servers, this machine's among them). Without them the refill after an import planned
        # a nested loop over the staff, 1.2 s at 1,000 staff.
        cursor.execute("ANALYZE")
    path = Path(tempfile.gettempdir()) / f"wp_bench_perf_{staff}{SUFFIX}_absence.csv"
    if not path.exists():
        world._absence_csv(path)
    data = path.read_bytes()
    rows = data.count(b"\n") - 1
    print(f"== {staff:,} staff, {schools} schools, {rows:,} absence rows", flush=True)

    def copy():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE bench_copy (record_id text, staff_id text, start_date text,"
                " end_date text, category text, reason text, start_half_day text,"
                " end_half_day text) ON COMMIT DROP"
            )
            with path.open("rb") as handle:
                cursor.copy_expert("COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER)", handle)

    # A running portal has long loaded its libraries (the bank holiday tables load on first use,
    # about 0.24 s): so has the bench before it times anything.
    period_sums(term_keys=[world.TERM])

    def empty_records():
        """Not timed: the records go, and VACUUM clears their dead index entries, so each first
        import writes into a table as a trust's first import would."""
        AbsenceRecord.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {AbsenceRecord._meta.db_table}")

    # The first import, repeated: each run starts from an empty table and commits, so it pays
    # for its foreign-key checks and its refresh of the stored figures as a real one does.
    first_s, first_copy = [], []
    for _ in range(min(repeats, 3)):
        empty_records()
        for function, into in ((copy, first_copy), (lambda: absence_import(data=data), first_s)):
            started = time.perf_counter()
            function()
            into.append(time.perf_counter() - started)
    ratio("import_vs_copy", statistics.median(first_s) / statistics.median(first_copy), 3)
    reimport_s, copy_s = _alternate(repeats, lambda: absence_import(data=data), copy)
    ratio("reimport_vs_copy", statistics.median(reimport_s) / statistics.median(copy_s), 2)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    sql = world._hand_written_sql()

    def hand_written():
        return world.hand_written_rows(sql)

    mismatches = _compare(hand_written(), period_sums(term_keys=[world.TERM]))
    if mismatches:
        print(f"the portal's sums and the hand-written SQL differ: {mismatches[:3]}")
        return 1
    ours_s, sql_s = _alternate(repeats, lambda: period_sums(term_keys=[world.TERM]), hand_written)
    ratio("report_absence_vs_sql", statistics.median(ours_s) / statistics.median(sql_s), 3)
    build_s, sql_s = _alternate(
        repeats,
        lambda: services.report_contents(term_key=world.TERM),
        lambda: [hand_written() for _ in range(4)],
    )
    ratio("report_build_vs_sql", statistics.median(build_s) / statistics.median(sql_s), 3)

    hr, _ = User.objects.get_or_create(email="bench.hr@example.org")
    RoleAssignment.objects.get_or_create(user=hr, role=Role.HR)
    client = Client()
    client.force_login(hr)

    def get(url):
        response = client.get(url, secure=True)  # production settings redirect plain http
        assert response.status_code == 200, (url, response.status_code)

    get("/absence/records/")  # warm the connection and templates
    records_s, _ = _alternate(repeats, lambda: get("/absence/records/?page=2"), lambda: None)
    ratio("records_page", _median_ms(records_s) / 150, 1)
    get("/absence/")  # the first read after the import stores what the import did not
    figures_s, _ = _alternate(repeats, lambda: get("/absence/"), lambda: None)
    ratio("figures_page", _median_ms(figures_s) / 100, 1)
    _staff_reimport(staff, repeats)
    return 0


def _staff_reimport(staff: int, repeats: int) -> None:
    """staff_import_vs_copy: the staff file of every person as stored, with staff ids and emails
    no one has yet, imported (every row a new person, undone each time) ÷ COPY of the same file
    into a temporary table; staff_reimport_vs_copy: the file as stored imported again (every row
    unchanged) ÷ COPY of it. Last, and undone, as it works on the staff the figures above are
    computed from."""
    import io

    from django.db import connection, transaction

    from common.csv_export import csv_safe_writer
    from people.models import StaffMember
    from people.services import leavers_deactivate, staff_import

    columns = (
        "staff_id,email,first_name,last_name,school_urn,role_group,department,fte,"
        "working_days,start_date,end_date"
    ).split(",")
    stored = [
        ["" if value is None else value for value in row]
        for row in StaffMember.objects.order_by("staff_id").values_list(
            "staff_id",
            "user__email",
            "user__first_name",
            "user__last_name",
            "school__urn",
            "role_group",
            "department",
            "fte",
            "working_days",
            "start_date",
            "end_date",
        )
    ]

    def staff_file(rows) -> bytes:
        out = io.StringIO()
        writer = csv_safe_writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue().encode()

    data = staff_file(stored)
    new_people = staff_file([[f"N{row[0]}", f"new.{row[1]}", *row[2:]] for row in stored])
    assert len(new_people) - len(data) == 5 * staff  # the same file but for five characters a row

    def copy(file: bytes):
        with transaction.atomic(), connection.cursor() as cursor:
            listed = ", ".join(f"{column} text" for column in columns)
            cursor.execute("DROP TABLE IF EXISTS pg_temp.bench_staff_copy")
            cursor.execute(f"CREATE TEMP TABLE bench_staff_copy ({listed}) ON COMMIT DROP")
            cursor.copy_expert(
                "COPY bench_staff_copy FROM STDIN WITH (FORMAT csv, HEADER)", io.BytesIO(file)
            )

    def first_import():
        with transaction.atomic():
            result = staff_import(data=new_people, send_invitations=False)
            assert len(result.created) == staff, result.summary()
            with connection.cursor() as cursor:
                # The foreign keys are checked at commit (deferred): run those checks now, as a
                # committed import pays for them, before undoing it.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            transaction.set_rollback(True)

    def reimport():
        result = staff_import(data=data, send_invitations=False)
        assert result.unchanged == staff, result.summary()

    with connection.cursor() as cursor:
        # Rows earlier runs added and undid are dead until vacuumed (autovacuum would, in time).
        cursor.execute("VACUUM ANALYZE people_user, people_staffmember")
    with transaction.atomic():
        # The world's accounts as the portal keeps them: leavers' deactivated the night after
        # their last day (the world is made once and kept, and days pass).
        leavers_deactivate()
        first = staff_import(data=data, send_invitations=False)  # warms up; changes nothing
        print(f"   staff file: {staff:,} rows, {first.summary()}", flush=True)
        reimport_s, copy_s = _alternate(repeats, reimport, lambda: copy(data))
        ratio(
            "staff_reimport_vs_copy", statistics.median(reimport_s) / statistics.median(copy_s), 2
        )
        # Second: the rows these imports add and undo stay in the tables, dead, until vacuumed.
        import_s, copy_s = _alternate(repeats, first_import, lambda: copy(new_people))
        ratio("staff_import_vs_copy", statistics.median(import_s) / statistics.median(copy_s), 3)
        transaction.set_rollback(True)


def _compare(rows, sums) -> list:
    from decimal import Decimal

    mismatches = []
    for key, role, headcount, fte, available, sick, with_sick, mh, lt, started in rows:
        cell = sums.cells.get((key, role))
        ours = cell and (
            cell.headcount,
            cell.days_available,
            cell.sickness_days_lost,
            cell.staff_with_sickness,
            cell.mental_health_days_lost,
            cell.long_term_days_lost,
            cell.spells_started,
        )
        theirs = (headcount, available, sick, with_sick, mh, lt, started)
        if ours != theirs or abs(cell.fte_in_post - fte) > Decimal("1e-9"):
            mismatches.append((key, role, ours, theirs))
    return mismatches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 staff only, under a minute")
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--schools", type=int, default=10, help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.size:
        return run_size(args.size, args.schools, args.repeats)
    sizes = [(1_000, 10)] if args.quick else [(1_000, 10), (10_000, 40), (40_000, 100)]
    repeats = 3 if args.quick else 5
    failed = 0
    for staff, schools in sizes:
        command = [sys.executable, __file__, "--size", str(staff), "--schools", str(schools)]
        failed |= subprocess.call([*command, "--repeats", str(repeats)])
    submit = [sys.executable, str(ROOT / "benchmarks" / "submit_bench.py")]
    failed |= subprocess.call([*submit, "--quick"] if args.quick else submit)
    return failed


if __name__ == "__main__":
    sys.exit(main())
