"""Writes for absence: the absence CSV import (all rows or none; re-import updates by record id)."""

import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from absence import import_sql, store
from absence.models import AbsenceRecord
from absence.rows import (
    ABSENCE_COLUMNS,
    ABSENCE_REQUIRED,
    RECORD_FIELDS,
    Spell,
    duplicate_problem,
    overlap_problem,
    spell_from_row,
    touching,
)
from common.csv_export import copy_buffer_writer
from common.csvfiles import read_table
from common.csvrows import CsvProblem, database_errors_refused, raise_if_problems
from people.models import AbsenceImport, StaffMember

BATCH = 5000
# Files with at least this many rows are imported by a Celery worker, with progress on the page.
DEFAULT_BACKGROUND_ROWS = 100_000

Progress = Callable[[str, int, int], None]


def background_threshold() -> int:
    return getattr(settings, "ABSENCE_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS)


@dataclass
class AbsenceImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    read_note: str = ""
    # Per person with a change: {"name": "First Last (staff id)", "added": n, "changed": n}.
    people: list[dict] = field(default_factory=list)

    def changes(self) -> dict:
        return {"absence": self.people}

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        return (
            f"{self.created} absence record(s) {verb} added, {self.updated} updated, "
            f"{self.unchanged} unchanged. {self.read_note}"
        ).strip()


def _records_of(people: set[int]) -> dict[str, tuple]:
    """The stored records of these people: record id -> values in RECORD_FIELDS order."""
    found: dict[str, tuple] = {}
    records = AbsenceRecord.objects.values_list("record_id", *RECORD_FIELDS)
    # Chunked so a file about many people doesn't build one enormous IN list.
    people_list = sorted(people)
    for i in range(0, len(people_list), 10_000):
        for record_id, *values in records.filter(staff_id__in=people_list[i : i + 10_000]).iterator(
            chunk_size=20_000
        ):
            found[record_id] = tuple(values)
    return found


def _overlap_problems(spells: list[Spell], stored: dict[str, tuple]) -> list[CsvProblem]:
    """Spells of one person that overlap, in the file or with records from earlier imports.

    stored holds the earlier records of the people in the file (from _records_of).
    """
    in_file = {s.record_id for s in spells}
    by_person: dict[int, list[tuple]] = defaultdict(list)
    for s in spells:
        if s.staff_pk and s.start_date and s.end_date and s.end_date >= s.start_date:
            by_person[s.staff_pk].append(
                (s.start_date, s.end_date, s.start_half_day, s.end_half_day, s.line, s.record_id)
            )
    for record_id, (staff_pk, start, end, _c, _r, sh, eh) in stored.items():
        if record_id not in in_file:
            by_person[staff_pk].append((start, end, sh, eh, None, record_id))
    problems = []
    for items in by_person.values():
        items.sort(key=lambda t: (t[0], t[1]))
        latest = None
        for item in items:
            if latest is not None and touching(latest, item):
                problems += overlap_problem(latest, item)
            if latest is None or item[1] > latest[1]:
                latest = item
    return problems


def absence_import(
    *, data, dry_run: bool = False, progress: Progress | None = None
) -> AbsenceImportResult:
    """Validate and apply an absence file (CSV or XLSX: bytes, text or a binary file object).

    On any problem raise CsvImportError, writing nothing. PostgreSQL checks and writes the rows in
    SQL (absence/import_sql.py); other databases (SQLite, embedded) row by row in Python, with
    the same rules and messages.
    """
    report = progress or (lambda stage, done, total: None)
    if connection.vendor == "postgresql":
        return _import_in_sql(data, dry_run, report)
    return _import_in_python(data, dry_run, report)


def _import_in_sql(data, dry_run: bool, report: Progress) -> AbsenceImportResult:
    with database_errors_refused(), transaction.atomic():
        loaded = import_sql.load_and_check(data, report)
        counts = import_sql.changes()
        result = AbsenceImportResult(dry_run=dry_run, read_note=loaded.read_note())
        for n in counts.values():
            result.created += n["added"]
            result.updated += n["changed"]
        result.unchanged = loaded.rows - result.created - result.updated
        result.people = _people_counted(counts)
        if not dry_run and counts:
            import_sql.write_changes(timezone.now(), counts)
            report("saving", result.created + result.updated, result.created + result.updated)
            store.data_changed_then_precompute()
    return result


def _import_in_python(data, dry_run: bool, report: Progress) -> AbsenceImportResult:
    table = read_table(data, required=ABSENCE_REQUIRED, columns=ABSENCE_COLUMNS)
    rows, read_note = table.rows, table.read_note()
    del table
    total = len(rows)
    report("checking", 0, total)
    staff = {
        sid: (pk, start, end)
        for sid, pk, start, end in StaffMember.objects.values_list(
            "staff_id", "pk", "start_date", "end_date"
        ).iterator(chunk_size=20_000)
    }
    spells = []
    for index, row in enumerate(rows, 1):
        spells.append(spell_from_row(row, staff))
        if index % BATCH == 0:
            report("checking", index, total)
    del staff
    duplicate_problems = []
    first_line: dict[str, int] = {}
    for s in spells:
        if s.record_id in first_line:
            duplicate_problems.append(
                duplicate_problem(s.line, s.record_id, first_line[s.record_id])
            )
        elif s.record_id:
            first_line[s.record_id] = s.line
    stored = _records_of({s.staff_pk for s in spells if s.staff_pk})
    raise_if_problems(rows, duplicate_problems + _overlap_problems(spells, stored))
    del rows
    # A record moved to someone else isn't among those people's records: look the rest up by id.
    existing = stored
    existing.update(_existing_values([s.record_id for s in spells if s.record_id not in stored]))

    result = AbsenceImportResult(dry_run=dry_run, read_note=read_note)
    to_write = []
    counts: dict[int, dict[str, int]] = {}
    for s in spells:
        before = existing.get(s.record_id)
        if before is None:
            result.created += 1
            counts.setdefault(s.staff_pk, {"added": 0, "changed": 0})["added"] += 1
        elif before != s.values():
            result.updated += 1
            counts.setdefault(s.staff_pk, {"added": 0, "changed": 0})["changed"] += 1
        else:
            result.unchanged += 1
            continue
        to_write.append(s)
    result.people = _people_counted(counts)
    if dry_run:
        return result
    with database_errors_refused(), transaction.atomic():
        _records_write(to_write, report)
        if to_write:
            store.data_changed_then_precompute()
    return result


def _people_counted(counts: dict[int, dict[str, int]]) -> list[dict]:
    names = {
        pk: f"{first} {last} ({staff_id})"
        for pk, staff_id, first, last in StaffMember.objects.filter(pk__in=counts).values_list(
            "pk", "staff_id", "user__first_name", "user__last_name"
        )
    }
    return sorted(
        ({"name": names.get(pk, "?"), **n} for pk, n in counts.items()), key=lambda r: r["name"]
    )


def _records_write(spells: list[Spell], report: Progress) -> None:
    """Insert or update (by record id) the given spells: COPY on PostgreSQL, else batches."""
    if connection.vendor == "postgresql":
        _records_copy(spells)
        report("saving", len(spells), len(spells))
    else:
        _records_insert(spells, report)


def _records_copy(spells: list[Spell]) -> None:
    """COPY the checked spells into a temporary table, then upsert them in one statement.

    Every row is quoted, so an empty reason stays an empty string (unquoted would be NULL).
    """
    table = AbsenceRecord._meta.db_table
    columns = ["record_id", *RECORD_FIELDS, "updated_at"]
    buffer = io.StringIO()
    writer = copy_buffer_writer(buffer)
    now = timezone.now().isoformat()
    for s in spells:
        writer.writerow(
            (
                s.record_id,
                s.staff_pk,
                s.start_date.isoformat(),
                s.end_date.isoformat(),
                s.category,
                s.reason,
                "t" if s.start_half_day else "f",
                "t" if s.end_half_day else "f",
                now,
            )
        )
    buffer.seek(0)
    listed = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS pg_temp.absence_import_writes")
        cursor.execute(
            f"CREATE TEMP TABLE absence_import_writes ON COMMIT DROP AS "
            f"SELECT {listed} FROM {table} WITH NO DATA"
        )
        cursor.copy_expert(
            f"COPY absence_import_writes ({listed}) FROM STDIN WITH (FORMAT csv)", buffer
        )
        cursor.execute(
            f"INSERT INTO {table} ({listed}) SELECT {listed} FROM absence_import_writes "
            "ON CONFLICT (record_id) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
        )


def _records_insert(spells: list[Spell], report: Progress) -> None:
    """Insert or update (by record id) the given spells, in batches.

    One multi-row INSERT ... ON CONFLICT per batch, written out rather than through bulk_create:
    building and preparing a model instance per row was most of the time of a large import. The
    statement is the same on PostgreSQL and SQLite (3.24+).
    """
    meta = AbsenceRecord._meta
    fields = [meta.get_field(name) for name in (*RECORD_FIELDS, "updated_at")]
    columns = ["record_id", *(f.column for f in fields)]
    quote = connection.ops.quote_name
    ops = connection.ops
    batch = BATCH
    if connection.features.max_query_params:
        batch = min(batch, connection.features.max_query_params // len(columns))
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    tail = " ON CONFLICT ({}) DO UPDATE SET {}".format(
        quote("record_id"),
        ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns[1:]),
    )
    now = ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        for i in range(0, len(spells), batch):
            chunk = spells[i : i + batch]
            params = []
            for s in chunk:
                params += (
                    s.record_id,
                    s.staff_pk,
                    ops.adapt_datefield_value(s.start_date),
                    ops.adapt_datefield_value(s.end_date),
                    s.category,
                    s.reason,
                    s.start_half_day,
                    s.end_half_day,
                    now,
                )
            cursor.execute(head + ", ".join([placeholders] * len(chunk)) + tail, params)
            report("saving", i + len(chunk), len(spells))


def _existing_values(record_ids: list[str]) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    if not record_ids or not AbsenceRecord.objects.exists():
        return found
    for i in range(0, len(record_ids), 10_000):
        chunk = record_ids[i : i + 10_000]
        for record_id, *values in AbsenceRecord.objects.filter(record_id__in=chunk).values_list(
            "record_id", *RECORD_FIELDS
        ):
            found[record_id] = tuple(values)
    return found


# --- Background imports (the job itself: people/import_jobs.py) ------------------------------


NEWER_DATA = (
    "Nothing was imported: absence records were changed after this file was uploaded, so it "
    "may be out of date. Upload it again if it is still right."
)


def absence_changed_since(moment) -> bool:
    """Whether any absence record was saved after `moment` (a queued file is then refused)."""
    return AbsenceRecord.objects.filter(updated_at__gt=moment).exists()


def absence_import_run(*, import_id: int, generation: int | None = None) -> AbsenceImport | None:
    """Run a queued background import (kept for callers from before staff imports)."""
    from people.import_jobs import import_run

    return import_run(import_id=import_id, generation=generation)
