"""The rows of a staff file: its columns, how each value is read, and the problems' wording.

Both ways of importing staff use these (people/services.py row by row, people/import_sql.py in
SQL on PostgreSQL), so the rules and the messages are the same either way.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from common.csvrows import CsvProblem, CsvRow
from people.models import FULL_WEEK, WEEKDAY_NAMES, RoleGroup

STAFF_REQUIRED = ["staff_id", "email", "first_name", "last_name", "role_group", "fte", "start_date"]
STAFF_COLUMNS = [
    *STAFF_REQUIRED,
    "school_urn",
    "school_name",
    "department",
    "working_days",
    "end_date",
]
LENGTH_LIMITS = {
    "staff_id": 50,
    "email": 254,
    "first_name": 150,
    "last_name": 150,
    "department": 100,
    "school_name": 200,
}


@dataclass
class StaffRow:
    line: int
    staff_id: str
    email: str
    first_name: str
    last_name: str
    school_urn: str
    school_name: str
    role_group: str
    department: str
    fte: Decimal | None
    working_days: str
    start_date: date | None
    end_date: date | None


def email_read(row: CsvRow, column: str = "email") -> str:
    """The email in lower case (as accounts keep it); a problem unless it is an address."""
    email = row.required(column).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.error(column, f"{email!r} is not an email address")
    return email


FTE_KEPT_TO = Decimal("0.001")  # the stored field's three decimal places


def fte_read(row: CsvRow, column: str = "fte") -> Decimal | None:
    """The FTE as it will be stored: rounded to three places here (a half upward), not by the
    database on writing, so a re-import compares the stored value with the same rounded one and
    both import paths round alike."""
    fte = row.decimal(column)
    if fte is None:
        return None
    if not (Decimal(0) < fte <= Decimal(1)):
        row.error(column, f"{fte} must be more than 0 and at most 1")
        return fte
    kept = fte.quantize(FTE_KEPT_TO, rounding=ROUND_HALF_UP)
    if not kept:
        row.error(column, f"{fte} is less than 0.001, the smallest FTE kept (three decimal places)")
    return kept


def role_group_read(row: CsvRow, column: str = "role_group") -> str:
    return row.choice(column, RoleGroup.values)


def working_days_read(row: CsvRow, column: str = "working_days") -> str:
    """The days as "Mon Tue Wed" (in week order, once each); a full week when empty."""
    raw = row.get(column)
    if not raw:
        return FULL_WEEK
    lookup = {name.lower(): name for name in WEEKDAY_NAMES}
    days = []
    for token in raw.replace(",", " ").split():
        name = lookup.get(token[:3].lower())
        if name is None:
            row.error(column, f"{token!r} is not a day (use Mon Tue Wed Thu Fri Sat Sun)")
            return FULL_WEEK
        if name not in days:
            days.append(name)
    return " ".join(sorted(days, key=WEEKDAY_NAMES.index))


def urn_problem(urn: str) -> str | None:
    if urn and not (len(urn) == 6 and urn.isdigit()):
        return f"{urn!r} is not a six-digit URN"
    return None


def parse_staff_row(row: CsvRow) -> StaffRow:
    """The row's values as read, each problem recorded on the row."""
    email = email_read(row)
    fte = fte_read(row)
    urn = row.get("school_urn")
    if problem := urn_problem(urn):
        row.error("school_urn", problem)
    start = row.date("start_date")
    end = row.date("end_date", required=False)
    if start and end and end < start:
        row.error("end_date", "is before start_date")
    staff_id = row.required("staff_id")
    for column, limit in LENGTH_LIMITS.items():
        if len(row.get(column)) > limit:
            row.error(column, f"is longer than {limit} characters")
    return StaffRow(
        line=row.line,
        staff_id=staff_id,
        email=email,
        first_name=row.required("first_name"),
        last_name=row.required("last_name"),
        school_urn=urn,
        school_name=row.get("school_name"),
        role_group=role_group_read(row),
        department=row.get("department"),
        fte=fte,
        working_days=working_days_read(row),
        start_date=start,
        end_date=end,
    )


def repeated_problem(line: int, column: str, value: str, first: int) -> CsvProblem:
    """A staff id or email given on an earlier line of the file too."""
    return CsvProblem(line, column, f"{value!r} is also on line {first}")


def unknown_urn_problem(line: int, urn: str) -> CsvProblem:
    return CsvProblem(
        line, "school_urn", f"no school has URN {urn} (add a school_name column to create it)"
    )


def email_taken_problem(line: int, email: str, owner: str | None) -> CsvProblem:
    """The email is another staff member's (owner, their staff id) or an account's without one."""
    who = f"staff {owner}" if owner else "another account"
    return CsvProblem(line, "email", f"{email!r} already belongs to {who}")
