"""Loading an import file into a temporary table, for imports that check their rows in SQL.

The file meets the same rules as read_table in common/csvfiles.py (size, encoding, header,
control characters, column and value limits). A plain CSV, the usual case, streams into
PostgreSQL's COPY a megabyte of whole lines at a time, each piece checked in Python on its way
with a few passes of C code: no quote character (so every line is one record), no control
character, every line as wide as the header, no line too long. COPY splits the lines at their
commas and numbers them as they arrive, which gives each row its line. At the first sign of
anything else (quoted values, which may run over several lines; a short or long row; anything
read_table would refuse) the copy is undone and read_table reads the file, its rows carrying
their first line, and they are copied in; an XLSX workbook goes that way from the start.

Either way `name` holds one row per data record that is not blank: `line` (the header is line
1) and, for each wanted column, its value trimmed as read_table trims it ('' when the file has
no such column).
"""

import codecs
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat
from typing import BinaryIO

from django.db import connection, transaction

from common.csv_export import copy_buffer_writer
from common.csvfiles import (
    _CONTROL,
    MAX_COLUMNS,
    UTF8,
    WINDOWS_1252,
    CsvTable,
    checked_header,
    choose_encoding,
    opened_import,
    read_table,
)
from common.csvrows import CsvRow

# What str.strip() removes that can still be in a value once control characters are refused.
WHITESPACE = (
    "\t\n\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
# Whitespace other than line ends (a lone carriage return is refused before this matters).
_SPACES = WHITESPACE.replace("\n", "").replace("\r", "")
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_CHUNK = 1 << 20


@dataclass
class CopiedTable:
    """A file loaded by copy_table: the table's name, the header, how many rows, how it was read."""

    name: str
    header: list[str]
    rows: int
    read_as: str = UTF8
    sheet: str = ""

    read_note = CsvTable.read_note


def copy_table(
    data: bytes | str | BinaryIO, *, name: str, required: list[str], columns: list[str]
) -> CopiedTable:
    """Load an import file into the temporary table `name`, dropped when the transaction ends.

    Raises CsvImportError as read_table does, with the same problems, before anything is loaded.
    Call it inside a transaction.
    """
    stream, is_workbook = opened_import(data)
    with connection.cursor() as cursor:
        _drop(cursor, name)
        if not is_workbook:
            encoding = choose_encoding(stream)
            lines = _PlainLines(stream, encoding)
            try:
                with transaction.atomic():
                    if lines.start():
                        rows = _copy_lines(cursor, name, lines)
            except Exception:
                if not lines.refused:
                    raise
            if not lines.refused and lines.header is not None:
                header, _ = checked_header(lines.header.split(","), required)
                _count_for_planner(cursor, f"{name}_lines")
                rows = _split_lines(cursor, name, lines, rows, header, columns)
                read_as = WINDOWS_1252 if encoding == "cp1252" else UTF8
                return CopiedTable(name, header, rows, read_as)
            stream.seek(0)
        table = read_table(stream, required=required, columns=columns)
        _copy_rows(cursor, name, table, columns)
        _count_for_planner(cursor, name)
        return CopiedTable(name, table.header, len(table.rows), table.read_as, table.sheet)


class _PlainLines:
    """A file's text for COPY, whole lines at a time, checked as it goes by: each line is one
    record, with as many cells as the header.

    At the first sign that read_table must read the file, read() raises, which ends the COPY,
    and `refused` is set.
    """

    def __init__(self, stream: BinaryIO, encoding: str):
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder(encoding)()
        self.rest = ""
        self.done = False
        self.refused = False
        self.header: str | None = None
        self.commas = 0
        self.first: str | None = None
        self.ascii = True
        self.edge_spaces = False
        self.maybe_blank = False

    def start(self) -> bool:
        """Read the first lines (and the header): whether there is anything to copy."""
        self.first = self.read()
        return self.header is not None

    def read(self, size: int = -1) -> str:
        if self.first is not None:
            first, self.first = self.first, None
            return first
        while not self.done:
            chunk = self.stream.read(_CHUNK)
            self.done = not chunk
            text = self.rest + self.decoder.decode(chunk, final=self.done)
            self.rest = ""
            if not self.done:
                end = text.rfind("\n") + 1
                text, self.rest = text[:end], text[end:]
                if len(self.rest) > csv.field_size_limit():
                    self._refuse()
            if text:
                return self._checked(text)
        return ""

    def _checked(self, text: str) -> str:
        """The text with line ends made "\\n" when its lines are records read_table would take
        as they are; each check is one pass of C code over the text."""
        if '"' in text or _has_control(text):
            self._refuse()
        if "\r" in text:
            text = text.replace("\r\n", "\n")
            if "\r" in text:
                self._refuse()  # a lone carriage return ends a line for csv, not for COPY
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()
        if self.header is None:
            if not lines[0].replace(",", "").strip():
                self._refuse()  # read_table says the file is empty or the header not on line 1
            self.header = lines[0]
            self.commas = self.header.count(",")
        if max(map(len, lines)) > csv.field_size_limit():
            self._refuse()
        if "\\." in text and "\\." in lines:
            self._refuse()  # a line that is only "\." would end COPY's input early
        # Every line as wide as the header (read_table judges a ragged or too wide file).
        widths = set(map(str.count, lines, repeat(",")))
        if self.commas >= MAX_COLUMNS or widths - {self.commas}:
            self._refuse()
        self.ascii = self.ascii and text.isascii()
        self.edge_spaces = self.edge_spaces or _has_edge_space(text)
        # A blank line is empty (when the header has one column) or starts with a comma or space.
        self.maybe_blank = self.maybe_blank or (
            "\n," in text or "\n\n" in text or text.startswith((",", "\n"))
        )
        return text

    def _refuse(self):
        self.refused = True
        raise ValueError("not a plain CSV text")


def _has_control(text: str) -> bool:
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _PRINTABLE_ASCII))
    return _CONTROL.search(text) is not None


def _has_edge_space(text: str) -> bool:
    """Whether a value starts or ends with whitespace: without any, no value needs trimming
    (spaces inside values, as in "Mon Tue Wed", need none). A few substring searches, each one
    pass of C code, rather than a regular expression, which takes many times longer."""
    spaces = [space for space in (" \t" if text.isascii() else _SPACES) if space in text]
    if text.startswith(tuple(spaces)) or text.endswith(tuple(spaces)):
        return True
    return any(
        pair in text
        for space in spaces
        for pair in (f",{space}", f"{space},", f"\n{space}", f"{space}\n")
    )


def _copy_lines(cursor, name: str, lines: _PlainLines) -> int:
    """COPY the text one line per row, split at its commas and numbered in order; how many
    lines there were. The quote is a control character, which a plain text never holds."""
    table = f"{name}_lines"
    cells = ", ".join(f"c{position}" for position in range(1, lines.commas + 2))
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{table} CASCADE")
    # Dropped at the end of the transaction, and the view over it with it.
    cursor.execute(
        f"CREATE TEMP TABLE {table} (line integer GENERATED ALWAYS AS IDENTITY, "
        + ", ".join(f"c{position} text" for position in range(1, lines.commas + 2))
        + ") ON COMMIT DROP"
    )
    cursor.copy_expert(
        f"COPY {table} ({cells}) FROM STDIN "
        f"WITH (FORMAT csv, QUOTE E'\\x02', FORCE_NOT_NULL ({cells}))",
        lines,
        _CHUNK,  # positional: under DEBUG, Django's cursor wrapper takes no keywords
    )
    return cursor.rowcount


def _split_lines(
    cursor, name: str, lines: _PlainLines, count: int, header: list[str], columns: list[str]
) -> int:
    """Make `name` a view of the copied lines with the import's column names; how many rows.

    Values are trimmed only when some value starts or ends with a space; the set of spaces is
    short when the text is ASCII. Blank lines, if there may be any, are deleted once here rather
    than left for every read of the view to pass over.
    """
    table = f"{name}_lines"
    space = " \t" if lines.ascii else WHITESPACE
    quoted_space = "'" + space.replace("'", "''") + "'"
    position = {column: header.index(column) + 1 for column in columns if column in header}
    cells = []
    for column in columns:
        if column not in position:
            cells.append(f"''::text AS {column}")
        elif lines.edge_spaces:
            cells.append(f"btrim(c{position[column]}, {quoted_space}) AS {column}")
        else:
            cells.append(f"c{position[column]} AS {column}")
    if lines.maybe_blank or lines.edge_spaces:
        every_cell = ", ".join(f"c{p}" for p in range(1, lines.commas + 2))
        blank = f"btrim(concat({every_cell}), {quoted_space}) = ''"
        cursor.execute(f"DELETE FROM {table} WHERE line > 1 AND {blank}")
        count -= cursor.rowcount
    count -= 1  # the header
    cursor.execute(
        f"CREATE TEMP VIEW {name} AS SELECT line, {', '.join(cells)} FROM {table} WHERE line > 1"
    )
    return count


def _count_for_planner(cursor, table: str) -> None:
    """Let the planner know how many rows the table has (a temporary table has no statistics
    until analysed, and a guess far too low picks nested loops over a large file's rows).
    Analysing one integer column takes a millisecond or two."""
    cursor.execute(f"ANALYZE {table} (line)")


def _drop(cursor, name: str) -> None:
    """Drop what an earlier import in this transaction left: a table or a view."""
    cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [f"pg_temp.{name}"])
    found = cursor.fetchone()
    if found:
        cursor.execute(f"DROP {'VIEW' if found[0] == 'v' else 'TABLE'} pg_temp.{name}")


def _copy_rows(cursor, name: str, table: CsvTable, columns: list[str]) -> None:
    listed = ", ".join(f"{column} text" for column in columns)
    cursor.execute(f"CREATE TEMP TABLE {name} (line integer, {listed}) ON COMMIT DROP")
    buffer = io.StringIO()
    writer = copy_buffer_writer(buffer)
    for row in table.rows:
        writer.writerow([row.line, *(row.get(column) for column in columns)])
    buffer.seek(0)
    cursor.copy_expert(f"COPY {name} FROM STDIN WITH (FORMAT csv)", buffer, _CHUNK)


# Up to this many readable values a CASE reads them; more are looked up by a join.
CASE_AT_MOST = 50


def value_read(value: str, read: Callable) -> object:
    """value as read by a CsvRow reading (read(row, column)), or None when it finds a problem."""
    row = CsvRow(line=0, values={"value": value})
    result = read(row, "value")
    return None if row.problems else result


def distinct_readings(
    cursor, table: str, read_columns: dict[str, str], readers: dict[str, Callable]
) -> dict[str, dict[str, object]]:
    """Per reading (read_columns maps each column to the reading it shares with others), each
    distinct value of its columns in `table` that the reader reads without a problem.

    When every date of the "date" reading that is not empty is written as PostgreSQL reads it
    itself, the "date" reading is empty and "date_cast" says the values can be cast.
    """
    sets = ", ".join(f"({column})" for column in read_columns)
    # One pass over the rows; each grouping set gives one column's distinct values.
    cursor.execute(f"SELECT {', '.join(read_columns)} FROM {table} GROUP BY GROUPING SETS ({sets})")
    readings: dict[str, dict[str, object]] = {kind: {} for kind in readers}
    seen: dict[str, set[str]] = {kind: set() for kind in readers}
    for found in cursor.fetchall():
        for kind, value in zip(read_columns.values(), found, strict=True):
            if value is not None and value not in seen[kind]:
                seen[kind].add(value)
                read = value_read(value, readers[kind])
                if read is not None:
                    readings[kind][value] = read
    dates = readings.get("date")
    if dates is not None and all(
        text in dates and dates[text].isoformat() == text for text in seen["date"] - {""}
    ):
        readings["date"] = {}
        readings["date_cast"] = {}
    return readings


def reading_sql(
    column: str, kind: str, sql_type: str, readings: dict, params: dict
) -> tuple[str, str]:
    """The SQL reading the value of r.`column` (NULL when it has a problem), and any join it
    needs; params gets the values the SQL names."""
    if kind == "date" and "date_cast" in readings:
        return f"nullif(r.{column}, '')::date", ""
    read = readings[kind]
    if len(read) > CASE_AT_MOST:
        params[f"{kind}_texts"] = list(read)
        params[f"{kind}_values"] = list(read.values())
        join = (
            f"LEFT JOIN unnest(%({kind}_texts)s::text[], %({kind}_values)s::{sql_type}[]) "
            f"{column}_read(text, value) ON {column}_read.text = r.{column}"
        )
        return f"{column}_read.value", join
    if not read:
        return f"NULL::{sql_type}", ""
    cases = []
    for number, (text, value) in enumerate(read.items()):
        params[f"{column}_{number}_text"], params[f"{column}_{number}_value"] = text, value
        cases.append(f"WHEN %({column}_{number}_text)s THEN %({column}_{number}_value)s")
    return f"(CASE r.{column} {' '.join(cases)} END)::{sql_type}", ""


def readings_sql(
    cursor,
    table: str,
    read_columns: dict[str, str],
    readers: dict[str, Callable],
    sql_types: dict[str, str],
    params: dict,
) -> tuple[dict[str, str], str]:
    """Each column of `read_columns` read as its reader reads it (distinct_readings, then
    reading_sql): the SQL of each column's value, and the joins they need together."""
    readings = distinct_readings(cursor, table, read_columns, readers)
    read, joins = {}, []
    for column, kind in read_columns.items():
        read[column], join = reading_sql(column, kind, sql_types[kind], readings, params)
        if join:
            joins.append(join)
    return read, " ".join(joins)
