"""Reading a message trace and counting it into weeks, in memory.

Two formats (docs/file-formats.md, "Message trace"):

- Exchange Online message trace: `Received` and `SenderAddress` (as Get-MessageTrace and the
  admin centre export them; the historical search report's `origin_timestamp_utc` and
  `sender_address` are read too), optional `MessageId` / `message_id`. One row per recipient:
  rows sharing sender and message id (or sender and time when there is no id) are one message.
  Times are UTC unless they carry an offset.
- Plain: `sent_at,sender`, one row per message; times without an offset are UK local time.

Only the time, sender and message id columns are read from the file; recipients, subjects and
every other column are dropped as the file is read, and nothing here writes anything.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from common.csvfiles import read_table
from common.csvrows import CsvImportError, CsvProblem
from school_calendar.quiet_hours import UK, QuietHours

EXCHANGE = "exchange"
PLAIN = "plain"
FORMATS = {
    EXCHANGE: ("received", "senderaddress", "messageid"),
    "exchange_historical": ("origin_timestamp_utc", "sender_address", "message_id"),
    PLAIN: ("sent_at", "sender", None),
}
KEPT_COLUMNS = {name for columns in FORMATS.values() for name in columns if name}

_FRACTION = re.compile(r"(\.\d{6})\d+")
_US_TIME = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))? ?([AaPp][Mm])$")
_UK_TIME = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")


def parse_time(value: str, *, naive_zone) -> datetime:
    """A sending time: ISO 8601 (`2026-11-02T17:45:12Z`, `2026-11-02 17:45`), UK
    `02/11/2026 17:45[:12]`, or US with AM/PM `11/2/2026 5:45:12 PM` (as PowerShell writes in
    en-US). Raises ValueError."""
    value = value.strip()
    if match := _US_TIME.match(value):
        month, day, year, hour, minute, second, half = match.groups()
        hour = int(hour) % 12 + (12 if half.lower() == "pm" else 0)
        at = datetime(int(year), int(month), int(day), hour, int(minute), int(second or 0))
    elif match := _UK_TIME.match(value):
        day, month, year, hour, minute, second = match.groups()
        at = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    else:
        at = datetime.fromisoformat(_FRACTION.sub(r"\1", value.replace("Z", "+00:00")))
    return at if at.tzinfo is not None else at.replace(tzinfo=naive_zone)


@dataclass(frozen=True)
class Sender:
    school_id: int | None
    group: str


@dataclass
class Counts:
    senders: set = field(default_factory=set)
    in_hours: int = 0
    quiet_hours: int = 0


@dataclass
class Counted:
    """What an upload keeps ({(monday, school id, group): Counts}) and what it says."""

    file_format: str
    weeks: dict
    first_day: date
    last_day: date
    messages: int
    external: int
    unmatched: int
    read_note: str = ""


def _format_of(header: list[str]) -> str:
    for name, (time_column, sender_column, _id) in FORMATS.items():
        if time_column in header and sender_column in header:
            return name
    raise CsvImportError(
        [
            CsvProblem(
                1,
                None,
                "this is not a message trace: an Exchange Online trace needs the columns "
                "Received and SenderAddress; a plain file needs sent_at and sender",
            )
        ]
    )


def count_trace(data, *, directory: dict[str, Sender], internal_domains: set[str]) -> Counted:
    """Read a trace and count its internal messages per week, school and sender group.

    directory: {lower-case address: Sender} of the trust's staff; internal_domains: the domains
    of their addresses. A message from another domain is external and left out; one from a
    trust domain that matches nobody is counted as unmatched and left out. Every problem in the
    file is reported with its line and column, and then nothing is counted.
    """
    table = read_table(data, required=[], columns=KEPT_COLUMNS)
    file_format = _format_of(table.header)
    time_column, sender_column, id_column = FORMATS[file_format]
    naive_zone = UK if file_format == PLAIN else UTC
    problems: list[CsvProblem] = []
    seen: set = set()
    weeks: dict = defaultdict(Counts)
    quiet: dict = {}
    first = last = None
    messages = external = unmatched = 0
    for row in table.rows:
        raw_time, address = row.get(time_column), row.get(sender_column).lower()
        if not raw_time or not address:
            for column, value in ((time_column, raw_time), (sender_column, address)):
                if not value:
                    problems.append(CsvProblem(row.line, column, "is required"))
            continue
        try:
            at = parse_time(raw_time, naive_zone=naive_zone)
        except ValueError:
            problems.append(
                CsvProblem(
                    row.line,
                    time_column,
                    f"{raw_time!r} is not a date and time (use 2026-11-02T17:45:00Z or "
                    "02/11/2026 17:45)",
                )
            )
            continue
        if "@" not in address:
            problems.append(CsvProblem(row.line, sender_column, "is not an email address"))
            continue
        message_id = row.get(id_column) if id_column else ""
        key = (address, message_id or at)
        if key in seen:
            continue  # another recipient of the same message
        seen.add(key)
        sender = directory.get(address)
        if sender is None:
            if address.rpartition("@")[2] in internal_domains:
                unmatched += 1
            else:
                external += 1
            continue
        if sender.school_id not in quiet:
            quiet[sender.school_id] = QuietHours(sender.school_id)
        local = at.astimezone(UK)
        day = local.date()
        cell = weeks[(day - timedelta(days=day.weekday()), sender.school_id, sender.group)]
        cell.senders.add(address)
        if quiet[sender.school_id].is_allowed(local):
            cell.in_hours += 1
        else:
            cell.quiet_hours += 1
        messages += 1
        first = day if first is None or day < first else first
        last = day if last is None or day > last else last
        if len(problems) >= 1000:
            break
    if problems:
        raise CsvImportError(problems)
    if not messages:
        raise CsvImportError(
            [CsvProblem(None, None, "no message in the file was sent by a member of staff")]
        )
    return Counted(
        file_format=EXCHANGE if file_format.startswith(EXCHANGE) else PLAIN,
        weeks=dict(weeks),
        first_day=first,
        last_day=last,
        messages=messages,
        external=external,
        unmatched=unmatched,
        read_note=table.read_note(),
    )
