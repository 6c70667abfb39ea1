"""The figures other apps give the dashboards and the termly report, registered by name.

Each domain app registers its feeds in its AppConfig.ready() (`register_report_feed`); the
dashboards app, on top, asks for them by that name. A name nobody registered is an error, never a
silent gap in a fixed report.
"""

from collections.abc import Callable

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
