"""The absence file's rules for one row, and the messages of problems between rows.

Shared by the two ways the absence import checks a file (absence/services.py): row by row in
Python, and in SQL on PostgreSQL (absence/import_sql.py), which hands the rows it finds at fault
to spell_from_row so that people read the same messages either way.
"""

from dataclasses import dataclass
from datetime import date

from absence.models import AbsenceCategory, SicknessReason
from common.csvrows import CsvProblem, CsvRow

ABSENCE_REQUIRED = ["record_id", "staff_id", "start_date", "end_date", "category"]
ABSENCE_COLUMNS = [*ABSENCE_REQUIRED, "reason", "start_half_day", "end_half_day"]
# Worked out once: TextChoices.values builds a new list on every access.
CATEGORIES = tuple(AbsenceCategory.values)
REASONS = tuple(SicknessReason.values)
# A stored record's columns after record_id, in the order both import paths write them.
RECORD_FIELDS = (
    "staff_id",
    "start_date",
    "end_date",
    "category",
    "reason",
    "start_half_day",
    "end_half_day",
)


@dataclass(slots=True)
class Spell:
    line: int
    record_id: str
    staff_pk: int | None
    start_date: date | None
    end_date: date | None
    category: str
    reason: str
    start_half_day: bool
    end_half_day: bool

    def values(self) -> tuple:
        return (
            self.staff_pk,
            self.start_date,
            self.end_date,
            self.category,
            self.reason,
            self.start_half_day,
            self.end_half_day,
        )


def row_date(row: CsvRow, column: str) -> date | None:
    """row.date, with the usual YYYY-MM-DD read without strptime (a large share of the time)."""
    value = row.get(column)
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass  # row.date reports it
    return row.date(column)


def spell_from_row(row: CsvRow, staff: dict[str, tuple]) -> Spell:
    record_id = row.required("record_id")
    if len(record_id) > 64:
        row.error("record_id", "is longer than 64 characters")
    staff_id = row.required("staff_id")
    person = staff.get(staff_id)
    if staff_id and person is None:
        row.error("staff_id", f"no staff member has staff id {staff_id!r}")
    start = row_date(row, "start_date")
    end = row_date(row, "end_date")
    if start and end and end < start:
        row.error("end_date", "is before start_date")
    category = row.choice("category", CATEGORIES)
    reason = row.choice("reason", REASONS, required=False)
    if reason and category and category != AbsenceCategory.SIC:
        row.error("reason", "a sickness reason is only given for SIC (sickness) spells")
    start_half, end_half = row.yes_no("start_half_day"), row.yes_no("end_half_day")
    if person and start and end and end >= start:
        _pk, employed_from, employed_to = person
        if start < employed_from or (employed_to and end > employed_to):
            until = employed_to.isoformat() if employed_to else "now"
            row.error(
                "start_date" if start < employed_from else "end_date",
                f"the spell is outside {staff_id}'s employment "
                f"({employed_from.isoformat()} to {until})",
            )
    return Spell(
        line=row.line,
        record_id=record_id,
        staff_pk=person[0] if person else None,
        start_date=start,
        end_date=end,
        category=category,
        reason=reason,
        start_half_day=start_half,
        end_half_day=end_half,
    )


def touching(earlier: tuple, later: tuple) -> bool:
    """Whether two spells of one person (sorted by start) share time.

    Two half days on the same date (one spell ending at midday, the next starting then) do not.
    """
    _s1, end1, _sh1, end_half1 = earlier[:4]
    start2, _e2, start_half2, _eh2 = later[:4]
    if start2 > end1:
        return False
    return not (start2 == end1 and end_half1 and start_half2)


def duplicate_problem(line: int, record_id: str, first_line: int) -> CsvProblem:
    return CsvProblem(line, "record_id", f"{record_id!r} is also on line {first_line}")


def overlap_problem(earlier: tuple, later: tuple) -> list[CsvProblem]:
    """Two spells that share time, reported at the file's row; a stored spell with its dates.

    Items are (start, end, start half, end half, line or None when stored, record id).
    """
    if later[4]:
        row, other, column = later, earlier, "start_date"
    elif earlier[4]:
        row, other, column = earlier, later, "end_date"
    else:
        return []  # two stored spells: not this file's doing
    if other[4]:
        where = f"line {other[4]}"
    else:
        where = f"stored from an earlier import, {other[0].isoformat()} to {other[1].isoformat()}"
    return [
        CsvProblem(
            row[4],
            column,
            f"spell {row[5]!r} overlaps spell {other[5]!r} of the same person ({where})",
        )
    ]
