"""Reading the portal's CSV imports: one reader for staff, terms, absence and survey responses.

Every file is UTF-8 (a byte-order mark is accepted), comma-separated, with a header row; columns
come in any order, extra columns are ignored and values are trimmed. Errors name the line (the
header is line 1) and the column, and an import is applied whole or not at all.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class CsvProblem:
    line: int
    column: str | None
    message: str

    def __str__(self):
        where = f"line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class CsvImportError(Exception):
    """Raised with every problem found; nothing has been written."""

    def __init__(self, problems: list[CsvProblem]):
        self.problems = sorted(problems, key=lambda p: (p.line, p.column or ""))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
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
        if value not in allowed:
            self.error(column, f"{value!r} is not one of: {', '.join(allowed)}")
        return value

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


def decode_upload(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvImportError([CsvProblem(1, None, "the file is not UTF-8 text")]) from exc


def read_csv(data: bytes | str, *, required: list[str]) -> tuple[list[str], list[CsvRow]]:
    """Parse a CSV file into trimmed rows, checking the header has every required column."""
    text = decode_upload(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise CsvImportError([CsvProblem(1, None, "the file is empty")]) from None
    except csv.Error as exc:
        raise CsvImportError([CsvProblem(1, None, f"not a readable CSV file ({exc})")]) from None
    missing = [name for name in required if name not in header]
    if missing:
        raise CsvImportError(
            [CsvProblem(1, name, "required column is missing") for name in missing]
        )
    rows: list[CsvRow] = []
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            values = {
                name: (record[i].strip() if i < len(record) else "")
                for i, name in enumerate(header)
            }
            rows.append(CsvRow(line=line, values=values))
    except csv.Error as exc:
        raise CsvImportError(
            [CsvProblem(reader.line_num, None, f"not a readable CSV row ({exc})")]
        ) from None
    return header, rows


def raise_if_problems(rows: list[CsvRow], extra: list[CsvProblem] | None = None) -> None:
    problems = [p for row in rows for p in row.problems] + list(extra or [])
    if problems:
        raise CsvImportError(problems)
