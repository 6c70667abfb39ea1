"""The absence import on PostgreSQL: the file is COPied into a temporary table, then its rows are
checked, compared with the stored records and written in a few set-based statements.

Only the rows SQL finds at fault go back through Python: spell_from_row (absence/rows.py), the
same function the row-by-row import uses, words their problems, so the messages cannot differ.
Values with rules of their own (dates, codes, yes and no) are few and repeat: each distinct one
is read once by CsvRow, exactly as a row would read it, and SQL looks the rows' values up.

The caller (absence/services.py) runs these in one transaction: the temporary tables go with it.
"""

from collections.abc import Callable

from django.db import connection

from absence.models import AbsenceRecord
from absence.rows import (
    ABSENCE_COLUMNS,
    ABSENCE_REQUIRED,
    CATEGORIES,
    REASONS,
    RECORD_FIELDS,
    duplicate_problem,
    overlap_problem,
    row_date,
    spell_from_row,
)
from common.csvcopy import CopiedTable, copy_table, readings_sql
from common.csvrows import CsvImportError, CsvProblem, CsvRow
from people.models import StaffMember

ROWS = "absence_import_rows"
CHECKED = "absence_import_checked"
RECORDS = AbsenceRecord._meta.db_table
IMPORT_LOCK_CLASS = 7302  # the advisory lock namespace for absence imports (surveys use 7301)
STAFF = StaffMember._meta.db_table


def load_and_check(data, report: Callable[[str, int, int], None]) -> CopiedTable:
    """Load the file into a temporary table and check every row; CsvImportError on a problem."""
    with connection.cursor() as cursor:
        # Absence imports take turns: each checks and compares its rows with the records as
        # the one before left them (write_changes relies on it). Until this transaction ends.
        cursor.execute("SELECT pg_advisory_xact_lock(%s, 0)", [IMPORT_LOCK_CLASS])
        # The sorts and hashes over a large file's rows stay in memory (for this transaction).
        cursor.execute("SET LOCAL work_mem = '64MB'")
    loaded = copy_table(data, name=ROWS, required=ABSENCE_REQUIRED, columns=ABSENCE_COLUMNS)
    report("checking", 0, loaded.rows)
    with connection.cursor() as cursor:
        _create_checked(cursor)
        at_fault, differing = _rows_at_fault_and_differing(cursor)
        problems = _row_problems(cursor, at_fault)
        duplicates, repeated = _duplicates(cursor)
        problems += duplicates
        if differing or repeated:
            problems += _overlaps(cursor, None if differing == loaded.rows else repeated)
    if problems:
        raise CsvImportError(problems)
    report("checking", loaded.rows, loaded.rows)
    return loaded


# The columns with rules of their own, each with the reading it shares with others.
READ_COLUMNS = {
    "start_date": "date",
    "end_date": "date",
    "category": "category",
    "reason": "reason",
    "start_half_day": "half",
    "end_half_day": "half",
}
READERS = {
    "date": row_date,
    "category": lambda row, column: row.choice(column, CATEGORIES),
    "reason": lambda row, column: row.choice(column, REASONS, required=False),
    "half": lambda row, column: row.yes_no(column),
}
SQL_TYPES = {"date": "date", "category": "text", "reason": "text", "half": "boolean"}


def _create_checked(cursor) -> None:
    """The rows with their values read and their person found; `at_fault` marks every row with
    a problem of its own (and may mark a few more: Python has the last word on those).

    Each row is also compared with the record stored under its id, in the same pass: `added`
    when there is none, `differs` when it is added or any written value changes.
    """
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{CHECKED}")
    params: dict = {}
    read, joins = readings_sql(cursor, ROWS, READ_COLUMNS, READERS, SQL_TYPES, params)
    values = ", ".join(RECORD_FIELDS[1:])
    stored = ", ".join(f"a.{column} AS stored_{column}" for column in RECORD_FIELDS)
    stored_values = ", ".join(f"stored_{column}" for column in RECORD_FIELDS)
    cursor.execute(
        f"""
        CREATE TEMP TABLE {CHECKED} ON COMMIT DROP AS
        SELECT line, record_id, staff_pk, start_date, end_date, category, reason,
               start_half_day, end_half_day, stored_id,
               (record_id = '' OR length(record_id) > 64 OR staff_text = ''
                OR staff_pk IS NULL OR start_date IS NULL OR end_date IS NULL
                OR category IS NULL OR reason IS NULL OR start_half_day IS NULL
                OR end_half_day IS NULL OR end_date < start_date
                OR (reason_text <> '' AND category <> 'SIC')
                OR start_date < employed_from OR end_date > coalesce(employed_to, end_date)
               ) AS at_fault,
               stored_id IS NULL AS added,
               (stored_id IS NULL
                OR ({stored_values}) IS DISTINCT FROM (staff_pk, {values})) AS differs
        FROM (  -- OFFSET 0 keeps each value read once, however often the test below uses it
            SELECT r.line, r.record_id, r.staff_id AS staff_text, s.id AS staff_pk,
                   s.start_date AS employed_from, s.end_date AS employed_to,
                   r.reason AS reason_text, a.id AS stored_id, {stored},
                   {", ".join(f"{sql} AS {column}" for column, sql in read.items())}
            FROM {ROWS} r
            LEFT JOIN {STAFF} s ON s.staff_id = r.staff_id
            LEFT JOIN {RECORDS} a ON a.record_id = r.record_id
            {joins}
            OFFSET 0
        ) AS read
        """,
        params,
    )


def _rows_at_fault_and_differing(cursor) -> tuple[list[int], int]:
    """The lines of the rows at fault, and how many rows differ from their stored record."""
    cursor.execute(
        f"SELECT coalesce(array_agg(line) FILTER (WHERE at_fault IS NOT FALSE), '{{}}'), "
        f"count(*) FILTER (WHERE differs) FROM {CHECKED}"
    )
    at_fault, differing = cursor.fetchone()
    return at_fault, differing


def _row_problems(cursor, lines: list[int]) -> list[CsvProblem]:
    """The problems of the rows at fault (their lines), worded by spell_from_row."""
    if not lines:
        return []
    columns = ", ".join(f"r.{column}" for column in ABSENCE_COLUMNS)
    cursor.execute(
        f"SELECT r.line, {columns}, s.id, s.start_date, s.end_date FROM {ROWS} r "
        f"LEFT JOIN {STAFF} s ON s.staff_id = r.staff_id WHERE r.line = ANY(%s) ORDER BY r.line",
        [lines],
    )
    problems = []
    for line, *values, pk, employed_from, employed_to in cursor.fetchall():
        row = CsvRow(line=line, values=dict(zip(ABSENCE_COLUMNS, values, strict=True)))
        staff = {row.get("staff_id"): (pk, employed_from, employed_to)} if pk else {}
        spell_from_row(row, staff)
        problems += row.problems
    return problems


def _duplicates(cursor) -> tuple[list[CsvProblem], list[str]]:
    """The problems of record ids given more than once, and those record ids."""
    cursor.execute(
        f"""
        WITH repeated AS (
            SELECT record_id FROM {CHECKED} WHERE record_id <> ''
            GROUP BY record_id HAVING count(*) > 1
        )
        SELECT line, record_id, min(line) OVER (PARTITION BY record_id)
        FROM {CHECKED} WHERE record_id IN (SELECT record_id FROM repeated)
        ORDER BY line
        """
    )
    found = cursor.fetchall()
    problems = [duplicate_problem(line, rid, first) for line, rid, first in found if line > first]
    return problems, sorted({record_id for _line, record_id, _first in found})


def _people_compared(repeated: list[str] | None) -> tuple[str, str, dict]:
    """Whose spells the overlap rule compares: a condition on the file's rows, one on the stored
    records, and their parameters.

    With repeated None, every person in the file (every row adds or changes a record). Else only
    the people with a row that adds or changes a record, or whose record id is in `repeated`
    (given more than once): anyone else has in the file exactly their stored records, each once,
    and, with the stored ones the file does not name, exactly the spells they have now. Those
    passed this rule when they were written (every import checks them, and imports take turns),
    so they cannot overlap: an unchanged file compares nobody.
    """
    if repeated is None:
        return "", f"a.staff_id IN (SELECT staff_pk FROM {CHECKED})", {}
    people = f"SELECT staff_pk FROM {CHECKED} WHERE differs OR record_id = ANY(%(repeated)s)"
    return f"AND staff_pk IN ({people})", f"a.staff_id IN ({people})", {"repeated": repeated}


def _overlaps(cursor, repeated: list[str] | None) -> list[CsvProblem]:
    """Spells of one person that overlap, in the file or with records stored before, among the
    people _people_compared names.

    As the row-by-row import does: a person's spells (the file's, then the stored ones the file
    does not name) sorted by start and end, each compared with the one reaching furthest before
    it (the first such, on a tie).
    """
    in_file, stored, params = _people_compared(repeated)
    if not _any_spells_meet(cursor, in_file, stored, params):
        return []
    cursor.execute(
        f"""
        WITH spells AS (
            SELECT staff_pk, start_date, end_date, coalesce(start_half_day, false) AS start_half,
                   coalesce(end_half_day, false) AS end_half, line, record_id, 0 AS stored
            FROM {CHECKED}
            WHERE staff_pk IS NOT NULL AND start_date IS NOT NULL AND end_date >= start_date
              {in_file}
            UNION ALL
            SELECT a.staff_id, a.start_date, a.end_date, a.start_half_day, a.end_half_day,
                   NULL, a.record_id, 1
            FROM {RECORDS} a
            WHERE {stored}
              AND NOT EXISTS (SELECT FROM {CHECKED} c WHERE c.record_id = a.record_id)
        ),
        swept AS MATERIALIZED (
            SELECT *, row_number() OVER sorted AS position,
                   max(end_date) OVER (sorted ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                       AS furthest
            FROM spells
            WINDOW sorted AS (
                PARTITION BY staff_pk ORDER BY start_date, end_date, stored, line, record_id
            )
        ),
        reached AS (
            SELECT * FROM swept WHERE start_date <= furthest
        ),
        pairs AS (
            SELECT l.staff_pk, l.position, min(e.position) AS earlier
            FROM reached l
            JOIN swept e ON e.staff_pk = l.staff_pk AND e.end_date = l.furthest
                AND e.position < l.position
            GROUP BY l.staff_pk, l.position
        )
        SELECT e.start_date, e.end_date, e.start_half, e.end_half, e.line, e.record_id,
               l.start_date, l.end_date, l.start_half, l.end_half, l.line, l.record_id
        FROM pairs p
        JOIN reached l ON l.staff_pk = p.staff_pk AND l.position = p.position
        JOIN swept e ON e.staff_pk = p.staff_pk AND e.position = p.earlier
        WHERE (l.line IS NOT NULL OR e.line IS NOT NULL)
          AND NOT (l.start_date = e.end_date AND e.end_half AND l.start_half)
        ORDER BY l.staff_pk, l.position
        """,
        params,
    )
    problems = []
    for found in cursor.fetchall():
        problems += overlap_problem(found[:6], found[6:])
    return problems


def _any_spells_meet(cursor, in_file: str, stored: str, params: dict) -> bool:
    """Whether any two spells of one person (the file's, or one of them stored) share a day.

    Sorted by start, the first spell to start no later than an earlier one ends also starts no
    later than the one just before it ends: comparing neighbours finds whether there is any.
    The stored spells the file does not name are found with NOT EXISTS (as in _overlaps): the
    planner makes it a hash anti-join, where NOT IN tested every stored record one by one.
    """
    cursor.execute(
        f"""
        WITH spells AS (
            SELECT staff_pk, start_date, end_date FROM {CHECKED}
            WHERE staff_pk IS NOT NULL AND start_date IS NOT NULL AND end_date >= start_date
              {in_file}
            UNION ALL
            SELECT a.staff_id, a.start_date, a.end_date FROM {RECORDS} a
            WHERE {stored}
              AND NOT EXISTS (SELECT FROM {CHECKED} c WHERE c.record_id = a.record_id)
        )
        SELECT EXISTS (
            SELECT FROM (
                SELECT start_date, lag(end_date) OVER (
                    PARTITION BY staff_pk ORDER BY start_date, end_date
                ) AS end_before
                FROM spells
            ) neighbours
            WHERE start_date <= end_before
        )
        """,
        params,
    )
    return cursor.fetchone()[0]


def changes() -> dict[int, dict[str, int]]:
    """Per person with any row that adds or changes a record (load_and_check compared them with
    the stored records), how many spells would be added and changed."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT staff_pk, count(*) FILTER (WHERE added), count(*) FILTER (WHERE NOT added) "
            f"FROM {CHECKED} WHERE differs GROUP BY staff_pk"
        )
        return {
            pk: {"added": added, "changed": changed} for pk, added, changed in cursor.fetchall()
        }


def write_changes(now, counts: dict[int, dict[str, int]]) -> None:
    """Write the rows changes() counted (counts as it returned them): the new records in one
    plain INSERT, the changed ones in one UPDATE of the stored records they were compared with.

    Nothing the INSERT writes can already be stored: load_and_check looked the record ids up in
    this transaction, and absence imports take turns, so no other import can have added one
    since. A single record saved meanwhile with one of the new ids makes the INSERT fail and the
    import write nothing (refused with the database's message, see database_errors_refused)
    rather than overwrite it. An upsert (INSERT ... ON CONFLICT) took about a fifth more time
    per row than the plain INSERT (1,000 staff, both measured together).
    """
    added = sum(n["added"] for n in counts.values())
    changed = sum(n["changed"] for n in counts.values())
    columns = ", ".join(("record_id", *RECORD_FIELDS))
    values = ", ".join(("record_id", "staff_pk", *RECORD_FIELDS[1:]))
    with connection.cursor() as cursor:
        if added:
            cursor.execute(
                f"INSERT INTO {RECORDS} ({columns}, updated_at) "
                f"SELECT {values}, %s FROM {CHECKED} WHERE added",
                [now],
            )
        if changed:
            cursor.execute(
                f"UPDATE {RECORDS} a SET staff_id = c.staff_pk, "
                + ", ".join(f"{c} = c.{c}" for c in RECORD_FIELDS[1:])
                + f", updated_at = %s FROM {CHECKED} c "
                "WHERE a.id = c.stored_id AND c.differs",
                [now],
            )
