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
    duplicate_problem,
    overlap_problem,
    row_date,
    spell_from_row,
)
from common.csvcopy import CopiedTable, copy_table
from common.csvrows import CsvImportError, CsvProblem, CsvRow
from people.models import StaffMember

ROWS = "absence_import_rows"
CHECKED = "absence_import_checked"
CHANGED = "absence_import_changed"
RECORDS = AbsenceRecord._meta.db_table
STAFF = StaffMember._meta.db_table
# The columns written, in order, after record_id.
WRITTEN = (
    "staff_id",
    "start_date",
    "end_date",
    "category",
    "reason",
    "start_half_day",
    "end_half_day",
)


def load_and_check(data, report: Callable[[str, int, int], None]) -> CopiedTable:
    """Load the file into a temporary table and check every row; CsvImportError on a problem."""
    loaded = copy_table(data, name=ROWS, required=ABSENCE_REQUIRED, columns=ABSENCE_COLUMNS)
    report("checking", 0, loaded.rows)
    with connection.cursor() as cursor:
        _create_checked(cursor)
        problems = _row_problems(cursor) + _duplicate_problems(cursor) + _overlaps(cursor)
    if problems:
        raise CsvImportError(problems)
    report("checking", loaded.rows, loaded.rows)
    return loaded


def _read(value: str, read: Callable) -> object:
    """value as read by CsvRow (read(row, column)), or None when CsvRow finds a problem."""
    row = CsvRow(line=0, values={"value": value})
    result = read(row, "value")
    return None if row.problems else result


def _value_lookups(cursor) -> dict:
    """Each distinct value of the columns with rules of their own, as a row would read it."""
    looked_up = ("start_date", "end_date", "category", "reason", "start_half_day", "end_half_day")
    kinds = ("date", "date", "category", "reason", "half", "half")
    # One pass over the rows; each grouping set gives one column's distinct values.
    sets = ", ".join(f"({column})" for column in looked_up)
    cursor.execute(f"SELECT {', '.join(looked_up)} FROM {ROWS} GROUP BY GROUPING SETS ({sets})")
    distinct = {
        (kind, value)
        for found in cursor.fetchall()
        for kind, value in zip(kinds, found, strict=True)
        if value is not None
    }
    readers = {
        "date": row_date,
        "category": lambda row, column: row.choice(column, CATEGORIES),
        "reason": lambda row, column: row.choice(column, REASONS, required=False),
        "half": lambda row, column: row.yes_no(column),
    }
    found: dict[str, tuple[list, list]] = {kind: ([], []) for kind in readers}
    for kind, value in distinct:
        read = _read(value, readers[kind])
        if read is not None:
            found[kind][0].append(value)
            found[kind][1].append(read)
    return {
        f"{kind}_{part}": values
        for kind, (texts, reads) in found.items()
        for part, values in (("texts", texts), ("values", reads))
    }


def _create_checked(cursor) -> None:
    """The rows with their values read and their person found; `at_fault` marks every row with
    a problem of its own (and may mark a few more: Python has the last word on those)."""
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{CHECKED}")
    cursor.execute(
        f"""
        CREATE TEMP TABLE {CHECKED} ON COMMIT DROP AS
        SELECT r.line, r.record_id, s.id AS staff_pk,
               sd.value AS start_date, ed.value AS end_date, c.value AS category,
               rs.value AS reason, sh.value AS start_half_day, eh.value AS end_half_day,
               (r.record_id = '' OR length(r.record_id) > 64 OR r.staff_id = ''
                OR s.id IS NULL OR sd.value IS NULL OR ed.value IS NULL OR c.value IS NULL
                OR rs.value IS NULL OR sh.value IS NULL OR eh.value IS NULL
                OR ed.value < sd.value OR (r.reason <> '' AND c.value <> 'SIC')
                OR sd.value < s.start_date OR ed.value > coalesce(s.end_date, ed.value)
               ) AS at_fault
        FROM {ROWS} r
        LEFT JOIN {STAFF} s ON s.staff_id = r.staff_id
        LEFT JOIN unnest(%(date_texts)s::text[], %(date_values)s::date[]) sd(text, value)
            ON sd.text = r.start_date
        LEFT JOIN unnest(%(date_texts)s::text[], %(date_values)s::date[]) ed(text, value)
            ON ed.text = r.end_date
        LEFT JOIN unnest(%(category_texts)s::text[], %(category_values)s::text[]) c(text, value)
            ON c.text = r.category
        LEFT JOIN unnest(%(reason_texts)s::text[], %(reason_values)s::text[]) rs(text, value)
            ON rs.text = r.reason
        LEFT JOIN unnest(%(half_texts)s::text[], %(half_values)s::boolean[]) sh(text, value)
            ON sh.text = r.start_half_day
        LEFT JOIN unnest(%(half_texts)s::text[], %(half_values)s::boolean[]) eh(text, value)
            ON eh.text = r.end_half_day
        """,
        _value_lookups(cursor),
    )


def _row_problems(cursor) -> list[CsvProblem]:
    """The problems of the rows at fault, worded by spell_from_row."""
    columns = ", ".join(f"r.{column}" for column in ABSENCE_COLUMNS)
    cursor.execute(
        f"SELECT r.line, {columns}, s.id, s.start_date, s.end_date FROM {CHECKED} c "
        f"JOIN {ROWS} r ON r.line = c.line LEFT JOIN {STAFF} s ON s.staff_id = r.staff_id "
        "WHERE c.at_fault IS NOT FALSE ORDER BY r.line"
    )
    problems = []
    for line, *values, pk, employed_from, employed_to in cursor.fetchall():
        row = CsvRow(line=line, values=dict(zip(ABSENCE_COLUMNS, values, strict=True)))
        staff = {row.get("staff_id"): (pk, employed_from, employed_to)} if pk else {}
        spell_from_row(row, staff)
        problems += row.problems
    return problems


def _duplicate_problems(cursor) -> list[CsvProblem]:
    cursor.execute(
        f"SELECT line, record_id, first FROM (SELECT line, record_id, "
        f"min(line) OVER (PARTITION BY record_id) AS first FROM {ROWS} WHERE record_id <> '') d "
        "WHERE line > first ORDER BY line"
    )
    return [duplicate_problem(*found) for found in cursor.fetchall()]


def _overlaps(cursor) -> list[CsvProblem]:
    """Spells of one person that overlap, in the file or with records stored before.

    As the row-by-row import does: a person's spells (the file's, then the stored ones the file
    does not name) sorted by start and end, each compared with the one reaching furthest before
    it (the first such, on a tie).
    """
    cursor.execute(
        f"""
        WITH spells AS (
            SELECT staff_pk, start_date, end_date, coalesce(start_half_day, false) AS start_half,
                   coalesce(end_half_day, false) AS end_half, line, record_id, 0 AS stored
            FROM {CHECKED}
            WHERE staff_pk IS NOT NULL AND start_date IS NOT NULL AND end_date >= start_date
            UNION ALL
            SELECT a.staff_id, a.start_date, a.end_date, a.start_half_day, a.end_half_day,
                   NULL, a.record_id, 1
            FROM {RECORDS} a
            WHERE a.staff_id IN (SELECT staff_pk FROM {CHECKED})
              AND NOT EXISTS (SELECT 1 FROM {ROWS} r WHERE r.record_id = a.record_id)
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
        """
    )
    problems = []
    for found in cursor.fetchall():
        problems += overlap_problem(found[:6], found[6:])
    return problems


def changes() -> dict[int, dict[str, int]]:
    """Keep the rows that add or change a record (in a temporary table); per person with any,
    how many spells would be added and changed."""
    values = ", ".join(f"c.{column}" for column in WRITTEN[1:])
    stored = ", ".join(f"a.{column}" for column in WRITTEN)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{CHANGED}")
        cursor.execute(
            f"""
            CREATE TEMP TABLE {CHANGED} ON COMMIT DROP AS
            SELECT c.record_id, c.staff_pk AS staff_id, {values}, a.id IS NULL AS added
            FROM {CHECKED} c LEFT JOIN {RECORDS} a ON a.record_id = c.record_id
            WHERE a.id IS NULL OR ({stored}) IS DISTINCT FROM
                (c.staff_pk, {values})
            """
        )
        if not cursor.rowcount:
            return {}
        cursor.execute(
            f"SELECT staff_id, count(*) FILTER (WHERE added), count(*) FILTER (WHERE NOT added) "
            f"FROM {CHANGED} GROUP BY staff_id"
        )
        return {
            pk: {"added": added, "changed": changed} for pk, added, changed in cursor.fetchall()
        }


def write_changes(now) -> None:
    """Insert or update (by record id) the rows kept by changes(), in one statement."""
    columns = ", ".join(("record_id", *WRITTEN))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RECORDS} ({columns}, updated_at) "
            f"SELECT {columns}, %s FROM {CHANGED} "
            "ON CONFLICT (record_id) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in (*WRITTEN, "updated_at")),
            [now],
        )
