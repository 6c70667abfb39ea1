"""The rows of an import as read by common/csvfiles.py, and the problems found in them.

A row's values are parsed here (dates, decimals, choices, yes/no), each problem recorded with its
line and column; an import raises CsvImportError with every problem found and writes nothing.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import DatabaseError


@dataclass(frozen=True)
class CsvProblem:
    line: int | None
    column: str | None
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        where = f"line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class CsvImportError(Exception):
    """Raised with every problem found; nothing has been written."""

    def __init__(self, problems: list[CsvProblem]):
        self.problems = sorted(problems, key=lambda p: (p.line or 0, p.column or ""))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(slots=True)
class CsvRow:
    line: int
    values: dict[str, str]
    problems: list[CsvProblem] = field(default_factory=list)

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    def error(self, column: str | None, message: str) -> None:
        self.problems.append(CsvProblem(self.line, column, message))

    def required(self, column: str) -> str:
        value = self.get(column)
        if not value:
            self.error(column, "is required")
        return value

    def date(self, column: str, *, required: bool = True) -> date | None:
        value = self.get(column)
        if not value:
            if required:
                self.error(column, "is required")
            return None
        try:
            return parse_date(value)
        except ValueError:
            self.error(column, f"{value!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)")
            return None

    def decimal(self, column: str) -> Decimal | None:
        value = self.required(column)
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.error(column, f"{value!r} is not a number")
            return None
        if not number.is_finite():
            self.error(column, f"{value!r} is not a number")
            return None
        return number

    def choice(self, column: str, allowed, *, required: bool = True) -> str:
        value = self.get(column)
        if not value:
            if required:
                self.error(column, "is required")
            return ""
        # Case does not matter ("Teaching", "teaching"); the value is kept as the list spells it.
        canonical = {str(option).casefold(): option for option in allowed}
        if value.casefold() not in canonical:
            self.error(column, f"{value!r} is not one of: {', '.join(allowed)}")
            return value
        return canonical[value.casefold()]

    def yes_no(self, column: str) -> bool:
        value = self.get(column).lower()
        if value in ("", "no", "n", "false", "0"):
            return False
        if value in ("yes", "y", "true", "1"):
            return True
        self.error(column, f"{self.get(column)!r} should be yes or empty")
        return False


def parse_date(value: str) -> date:
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def raise_if_problems(rows: list[CsvRow], extra: list[CsvProblem] | None = None) -> None:
    problems = [p for row in rows for p in row.problems] + list(extra or [])
    if problems:
        raise CsvImportError(problems)


@contextmanager
def database_errors_refused():
    """Turns a database error raised inside into CsvImportError.

    Wrap an import's transaction.atomic() block in it: the transaction has rolled back by the time
    the error gets here, and people get a message rather than a server error.
    """
    try:
        yield
    except DatabaseError as error:
        first_line = (str(error).strip().splitlines() or [""])[0]
        raise CsvImportError(
            [
                CsvProblem(
                    None,
                    None,
                    f"the database refused the import ({type(error).__name__}: {first_line}); "
                    "nothing was written",
                )
            ]
        ) from error
