"""The figures other apps give the dashboards and the termly report, registered by name.

Each domain app registers its feeds in its AppConfig.ready() (`register_report_feed`); the
dashboards app, on top, asks for them by that name. A name nobody registered is an error, never a
silent gap in a fixed report. A new figure needs no change in the dashboards at all: register a
`ReportPart` and the report stores it, shows it and exports it.
"""

from collections.abc import Callable
from dataclasses import dataclass

_FEEDS: dict[str, Callable] = {}


def register_report_feed(name: str, feed: Callable) -> None:
    if name in _FEEDS and _FEEDS[name] is not feed:
        raise ValueError(f"Two report feeds are registered as {name!r}.")
    _FEEDS[name] = feed


def report_feed(name: str) -> Callable:
    try:
        return _FEEDS[name]
    except KeyError:
        raise LookupError(f"No app registered the report feed {name!r}.") from None


def report_feed_names() -> list[str]:
    return sorted(_FEEDS)


# --- whole report parts ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReportPart:
    """A figure of the termly report that an app adds without touching the dashboards.

    `figures(term=SchoolTerm, school=School | None, today=date)` returns what the report stores
    under `key` in the trust's section (school None) and in each school's: numbers, a dict of
    numbers, or a list of dicts (rows), already safe to show (the owning app applies the minimum
    group size). The report page shows it under `label`; the JSON and CSV exports carry it like
    every other part.
    """

    key: str
    label: str
    figures: Callable


_PARTS: dict[str, ReportPart] = {}


def register_report_part(part: ReportPart) -> None:
    if part.key in _PARTS and _PARTS[part.key] != part:
        raise ValueError(f"Two report parts are registered as {part.key!r}.")
    _PARTS[part.key] = part


def report_parts() -> list[ReportPart]:
    return list(_PARTS.values())
