"""Registry of measures that charter pledges can be tied to.

Other apps register their measures here from their own ``<app>/measures.py`` (imported in
``AppConfig.ready()``), so the charters app never has to know about them. A pledge tied to a key
that nobody registered shows "not measured yet".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

logger = logging.getLogger(__name__)

STATUSES = ("on_track", "at_risk", "off_track")
NOT_MEASURED = "not_measured"


@dataclass(frozen=True)
class MeasureResult:
    value: str
    status: str | None
    detail: str = ""

    def __post_init__(self):
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES} or None, not {self.status!r}")


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    compute: Callable[..., MeasureResult]


_REGISTRY: dict[str, Measure] = {}
# Families of measures that come and go with data (one per training programme, say): a key
# prefix and a function listing the family's current measures.
_FAMILIES: dict[str, Callable[[], list[Measure]]] = {}


def register_measure(key: str, label: str):
    """Decorator: register ``compute(*, school, today) -> MeasureResult`` under ``key``."""

    if not key or not isinstance(key, str):
        raise ValueError("a measure needs a non-empty string key")

    def decorator(func):
        existing = _REGISTRY.get(key)
        # Re-importing the same module (autoreload, tests) re-registers the same function: allow it.
        if existing is not None and existing.compute.__qualname__ != func.__qualname__:
            raise ValueError(f"measure {key!r} is already registered by {existing.compute!r}")
        _REGISTRY[key] = Measure(key=key, label=label, compute=func)
        return func

    return decorator


def unregister_measure(key: str) -> None:
    """Remove a measure (for tests that register temporary ones)."""
    _REGISTRY.pop(key, None)


def register_measure_family(prefix: str, measures: Callable[[], list[Measure]]) -> None:
    """Register the measures whose keys start with ``prefix``, listed by ``measures()`` when
    asked; only keys with that prefix ever call it."""
    if not prefix or not isinstance(prefix, str):
        raise ValueError("a measure family needs a non-empty string prefix")
    _FAMILIES[prefix] = measures


def _family_measures(prefix: str | None = None) -> list[Measure]:
    found = []
    for family_prefix, measures in _FAMILIES.items():
        if prefix is None or prefix.startswith(family_prefix):
            found += [m for m in measures() if m.key.startswith(family_prefix)]
    return found


def get_measure(key: str) -> Measure | None:
    if not key:
        return None
    measure = _REGISTRY.get(key)
    if measure is None and any(key.startswith(prefix) for prefix in _FAMILIES):
        measure = next((m for m in _family_measures(key) if m.key == key), None)
    return measure


def measure_choices() -> list[tuple[str, str]]:
    """Registered measures (and those of every family) as form choices, sorted by label."""
    measures = [*_REGISTRY.values(), *_family_measures()]
    return sorted(((m.key, m.label) for m in measures), key=lambda kv: kv[1])


# Measures the charter pledges in the demo and the contracts refer to, with a readable label even
# while the owning app has not registered them yet.
KNOWN_MEASURES = {
    "surveys_held_this_year": "Staff surveys held this academic year",
    "meetings_overran_this_term": "Meetings that ran past their finish time this term",
    "out_of_hours_notifications": "Notifications sent in email quiet hours",
    "data_drops_this_year": "Data drops this academic year",
    "schools_with_first_aider": "Schools with a mental health first aider",
    "exit_interviews_offered": "Leavers offered an exit interview",
}


def measure_label(key: str) -> str:
    measure = get_measure(key)
    if measure is not None:
        return measure.label
    return KNOWN_MEASURES.get(key, key)


def measure_compute(key: str, *, school=None, today: date) -> MeasureResult | None:
    """The measure's result, or None when no app has registered ``key`` (not measured yet).

    A measure that raises is logged and treated as not measured, so one broken provider cannot
    take the charter pages down.
    """
    measure = get_measure(key)
    if measure is None:
        return None
    try:
        result = measure.compute(school=school, today=today)
    except Exception:
        logger.exception("measure %s failed", key)
        return None
    if not isinstance(result, MeasureResult):
        logger.error("measure %s returned %r, not a MeasureResult", key, result)
        return None
    return result
