"""Writing CSV that is safe to open in a spreadsheet: the one place the portal makes CSV writers.

A spreadsheet runs a cell that begins with "=", "+", "-" or "@" (and, in some, a tab or carriage
return) as a formula, so text from people (a pledge's evidence, a department name) could fetch a
URL or run a command on the reader's machine. Such text is written with a leading apostrophe,
which spreadsheets show as text and hide. Numbers are written as numbers, negative ones included,
whether they come as numbers or as the text of a plain number.
"""

import csv
import re
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(value):
    """A cell as it may be written: numbers unchanged, text that starts a formula neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class SafeCsvWriter:
    """csv.writer's writerow and writerows, with every cell passed through spreadsheet_safe."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row):
        return self._writer.writerow([spreadsheet_safe(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class SafeCsvDictWriter(csv.DictWriter):
    """csv.DictWriter with every value (and header name) passed through spreadsheet_safe."""

    def writerow(self, rowdict):
        return super().writerow({key: spreadsheet_safe(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts):
        for rowdict in rowdicts:
            self.writerow(rowdict)


def csv_safe_writer(out, **options) -> SafeCsvWriter:
    """A writer for rows (lists) into out, safe to open in a spreadsheet."""
    return SafeCsvWriter(out, **options)


def csv_safe_dict_writer(out, fieldnames, **options) -> SafeCsvDictWriter:
    """A writer for rows (dicts keyed by fieldnames) into out, safe to open in a spreadsheet."""
    return SafeCsvDictWriter(out, fieldnames, **options)


def copy_buffer_writer(out):
    """A writer for PostgreSQL's COPY ... WITH (FORMAT csv), never for a file people open.

    Values go in exactly as given (no spreadsheet guard: the database must store what was
    imported), every one quoted so that an empty string stays an empty string rather than NULL.
    """
    return csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
