"""Reading the portal's imports: one reader for staff, terms, absence and survey responses.

A file is CSV (UTF-8 with or without a byte-order mark, or Windows-1252 when it is not valid
UTF-8) or an XLSX workbook (its first sheet). Comma-separated, with a header row; columns come in
any order, extra columns are ignored and values are trimmed. Errors name the line (the header is
line 1) and the column, and an import is applied whole or not at all.

Hostile files are refused before anything is written: a column named twice, control characters
(NUL and the like), an unclosed quote, more than MAX_COLUMNS columns, a file larger than the
IMPORT_MAX_BYTES setting. The file is read as a stream, one record at a time: memory grows with
the values an import keeps, not with the size of the file.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from django.conf import settings

from common.csvrows import CsvImportError, CsvProblem, CsvRow

MAX_COLUMNS = 200
MAX_LINE_CHARS = 1_000_000
DEFAULT_IMPORT_MAX_BYTES = 50 * 1024 * 1024
UTF8 = "UTF-8"
WINDOWS_1252 = "Windows-1252"
XLSX = "XLSX"

_UTF8_BOM = codecs.BOM_UTF8
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the pre-2007 .xls format
_CHUNK = 1 << 20
# C0 controls other than tab, line feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def import_max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_IMPORT_MAX_BYTES)


def import_max_size_text() -> str:
    """The size limit for people: "50 MB"."""
    limit = import_max_bytes()
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{limit / 1024:g} KB"


def _refuse(line: int | None, message: str, column: str | None = None) -> CsvImportError:
    return CsvImportError([CsvProblem(line, column, message)])


@dataclass
class CsvTable:
    """A read file: its header (lower-case names), its data rows, and how it was read."""

    header: list[str]
    rows: list[CsvRow]
    read_as: str = UTF8
    sheet: str = ""

    def read_note(self) -> str:
        """A sentence for the import's summary when the file was not plain UTF-8 CSV."""
        if self.read_as == WINDOWS_1252:
            return "The file is not UTF-8; it was read as Windows-1252 text."
        if self.read_as == XLSX:
            return f"Read from the first sheet ({self.sheet}) of the workbook."
        return ""


def read_table(
    data: bytes | str | BinaryIO,
    *,
    required: list[str],
    columns: list[str] | set[str] | None = None,
) -> CsvTable:
    """Read a CSV or XLSX import into trimmed rows, refusing hostile or malformed files.

    data is the file's bytes, its text, or a binary file object (an upload, an open file), which
    is read in chunks. required are the columns the header must have; columns, when given, are
    the only ones whose values are kept on the rows (the others are checked, then dropped).
    Raises CsvImportError naming the line and column of every problem found in the file's shape.
    """
    stream, is_workbook = opened_import(data)
    if is_workbook:
        records = _xlsx_records(stream)
        read_as = XLSX
    else:
        encoding = choose_encoding(stream)
        read_as = WINDOWS_1252 if encoding == "cp1252" else UTF8
        records = _csv_records(stream, encoding)
    table = _table_from(records, required=required, columns=columns)
    table.read_as = read_as
    table.sheet = getattr(records, "sheet_title", "")
    return table


def opened_import(data: bytes | str | BinaryIO) -> tuple[BinaryIO, bool]:
    """The file as a binary stream at its start, and whether it is an XLSX workbook.

    Refuses a file over the size limit and an old .xls workbook.
    """
    if isinstance(data, str):
        data = data.removeprefix("\ufeff").encode("utf-8")
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data
    _check_size(stream)
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(_OLE_MAGIC):
        raise _refuse(
            None, "this is an old-style .xls workbook: save it as .xlsx or as CSV and try again"
        )
    return stream, head.startswith(_ZIP_MAGIC)


def _check_size(stream: BinaryIO) -> None:
    size = getattr(stream, "size", None)
    if size is None:
        stream.seek(0, io.SEEK_END)
        size = stream.tell()
    if size > import_max_bytes():
        raise _refuse(
            None,
            f"the file is {size / (1024 * 1024):.1f} MB; files up to {import_max_size_text()} "
            "can be imported (split it into smaller files)",
        )


def choose_encoding(stream: BinaryIO) -> str:
    """UTF-8 (with or without a byte-order mark) when the whole file is valid UTF-8, else cp1252.

    The file is scanned once before parsing, a chunk at a time, so that every row is decoded the
    same way and a bad byte is reported at its own line.
    """
    stream.seek(0)
    with_bom = stream.read(len(_UTF8_BOM)) == _UTF8_BOM
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines_before = 0
    try:
        while chunk := stream.read(_CHUNK):
            decoder.decode(chunk)
            lines_before += chunk.count(b"\n")
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        if with_bom:
            line = lines_before + chunk[: max(exc.start, 0)].count(b"\n") + 1
            raise _refuse(
                line,
                "the file starts with a UTF-8 byte-order mark but is not UTF-8 text here",
            ) from None
    else:
        stream.seek(0)
        return "utf-8-sig"
    # Not UTF-8: Excel's "CSV (Comma delimited)" is Windows-1252, in which five bytes are unused.
    stream.seek(0)
    lines_before = 0
    while chunk := stream.read(_CHUNK):
        try:
            chunk.decode("cp1252")
        except UnicodeDecodeError as exc:
            line = lines_before + chunk[: exc.start].count(b"\n") + 1
            raise _refuse(
                line,
                f"byte 0x{chunk[exc.start]:02X} is neither UTF-8 nor Windows-1252 text; "
                "save the file as CSV UTF-8",
            ) from None
        lines_before += chunk.count(b"\n")
    stream.seek(0)
    return "cp1252"


class _Unclosing(io.RawIOBase):
    """A raw stream over any object with read(n), which closing leaves open."""

    def __init__(self, source):
        self.source = source

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self.source.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


class _Records:
    """Iterates (first line, cells) over a file's records; `sheet_title` names an XLSX sheet."""

    sheet_title = ""

    def __init__(self, generator: Iterator[tuple[int, list[str]]]):
        self.generator = generator

    def __iter__(self):
        return self.generator


def _csv_records(stream: BinaryIO, encoding: str) -> _Records:
    def records():
        text = io.TextIOWrapper(
            io.BufferedReader(_Unclosing(stream), _CHUNK), encoding=encoding, newline=""
        )
        # strict: a stray character after a closing quote, or a quote never closed, is an error.
        reader = csv.reader(_lines_of_bounded_length(text), strict=True)
        while True:
            first_line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _csv_error(str(exc), first_line, reader.line_num) from None
            yield first_line, cells

    return _Records(records())


def _lines_of_bounded_length(text: io.TextIOBase) -> Iterator[str]:
    """The file's lines, refusing one longer than MAX_LINE_CHARS before it is all in memory.

    csv bounds each value, not a record: without this a line of millions of commas would become
    a list of millions of cells.
    """
    number = 0
    while line := text.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise _refuse(number, f"the line is longer than {MAX_LINE_CHARS:,} characters")
        yield line


def _csv_error(message: str, first_line: int, last_line: int) -> CsvImportError:
    if "unexpected end of data" in message:
        return _refuse(
            first_line,
            f"unclosed quote starting on line {first_line}: a quoted value is never closed",
        )
    if "field larger than field limit" in message:
        limit = csv.field_size_limit()
        if last_line > first_line:
            return _refuse(
                first_line,
                f"unclosed quote starting on line {first_line}: the quoted value runs on "
                f"for more than {limit} characters",
            )
        return _refuse(first_line, f"a value is longer than {limit} characters")
    if "expected after" in message:
        return _refuse(
            last_line,
            "a closing quote is followed by other text in the same value "
            '(write a quote inside a quoted value as "")',
        )
    return _refuse(first_line, f"not a readable CSV record ({message})")


def _xlsx_records(stream: BinaryIO) -> _Records:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign zip
        raise _refuse(None, f"not a readable XLSX workbook ({type(exc).__name__})") from None
    if not workbook.worksheets:
        workbook.close()
        raise _refuse(None, "the workbook has no sheets")
    sheet = workbook.worksheets[0]

    def records():
        try:
            for line, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1):
                yield line, [_cell_text(value) for value in values]
        finally:
            workbook.close()

    found = _Records(records())
    found.sheet_title = sheet.title
    return found


def _cell_text(value) -> str:
    """A workbook cell as the text a CSV would hold: dates as YYYY-MM-DD, numbers as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def column_letters(position: int) -> str:
    """A 1-based column position as a spreadsheet's letters: 1 -> A, 28 -> AB."""
    letters = ""
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _used_width(cells: list[str]) -> int:
    width = len(cells)
    while width and not cells[width - 1].strip():
        width -= 1
    return width


def _control_problem(line: int, cells: list[str], names: list[str] | None) -> CsvProblem | None:
    """The first control character in a record, at its own line (a record may span lines)."""
    newlines = 0
    for index, cell in enumerate(cells):
        found = _CONTROL.search(cell)
        if found is None:
            newlines += cell.count("\n")
            continue
        at = line + newlines + cell.count("\n", 0, found.start())
        position = index + 1
        where = f"column {position} ({column_letters(position)})"
        name = names[index] if names and index < len(names) and names[index] else None
        character = f"U+{ord(found.group()):04X}"
        if name:
            return CsvProblem(at, name, f"contains a control character ({character}), in {where}")
        return CsvProblem(at, None, f"{where} contains a control character ({character})")
    return None


def _table_from(records: _Records, *, required, columns) -> CsvTable:
    lines = iter(records)
    for line, cells in lines:
        if any(cell.strip() for cell in cells):
            header_line, header_cells = line, cells
            break
    else:
        raise _refuse(1, "the file is empty")
    if header_line != 1:
        raise _refuse(1, "the first line must be the header row")
    header, positions = checked_header(header_cells, required)

    wanted = set(columns) if columns is not None else set(positions)
    kept = [(i, name) for i, name in enumerate(header) if name and name in wanted]
    rows: list[CsvRow] = []
    shape_problems: list[CsvProblem] = []
    needed = kept[-1][0] + 1 if kept else 0
    for line, cells in lines:
        joined = "".join(cells)
        if not joined.strip():
            continue
        if len(cells) > MAX_COLUMNS and (width := _used_width(cells)) > MAX_COLUMNS:
            shape_problems.append(
                CsvProblem(line, None, f"the row has {width} columns; at most {MAX_COLUMNS}")
            )
            continue
        # One search over the whole record; the cell is found only when there is something.
        if _CONTROL.search(joined):
            shape_problems.append(_control_problem(line, cells, header))
            continue
        if len(cells) < needed:
            cells += [""] * (needed - len(cells))
        values = {name: cells[i].strip() for i, name in kept}
        rows.append(CsvRow(line=line, values=values))
        if len(shape_problems) >= 1000:
            break
    if shape_problems:
        raise CsvImportError(shape_problems)
    return CsvTable(header=header, rows=rows)


def checked_header(header_cells: list[str], required) -> tuple[list[str], dict[str, list[int]]]:
    """The header's lower-case names and each name's positions; CsvImportError for a bad one."""
    width = _used_width(header_cells)
    if width > MAX_COLUMNS:
        raise _refuse(1, f"the header has {width} columns; at most {MAX_COLUMNS}")
    header = [cell.strip().lower() for cell in header_cells[:width]]
    header_problems = []
    control = _control_problem(1, header, None)
    if control:
        header_problems.append(control)
    positions: dict[str, list[int]] = {}
    for position, name in enumerate(header, 1):
        if name:
            positions.setdefault(name, []).append(position)
    for name, where in positions.items():
        if len(where) > 1:
            listed = " and ".join(f"{p} ({column_letters(p)})" for p in where)
            header_problems.append(
                CsvProblem(1, name, f"is named more than once: columns {listed}; keep one")
            )
    missing = [name for name in required if name not in positions]
    header_problems += [CsvProblem(1, name, "required column is missing") for name in missing]
    if header_problems:
        raise CsvImportError(header_problems)
    return header, positions
