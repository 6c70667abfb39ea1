"""Absence sums (and the list of people with sickness) precomputed when the data behind them
changes, so the absence pages only read.

A period's additive sums (absence.sums.period_sums) are kept in the default cache (a table
in the portal's own database, so its writes commit or roll back with the data) under the current
data generation. Any change to absence records, staff records, schools or term dates ends the
generation: single saves through signals, and the staff import's bulk writes and the demo
through their registries (all connected in AbsenceConfig.ready), the absence import's by an
explicit call. An import then recomputes the recent terms at once; any other period
is computed on its first read and kept until the data changes again.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from absence import selectors as absence_selectors
from absence import sums as absence_sums

GENERATION_KEY = "absence-sums:generation"
# Kept until the data changes (a new generation makes the old entries unreachable; the cache's
# culling removes them). A day's expiry bounds what a missed invalidation could ever show.
TIMEOUT = 24 * 60 * 60


def data_changed(**_signal_kwargs) -> None:
    """End the current generation: every stored sum is recomputed on its next read.

    The delete is one query and commits with the change that caused it.
    """
    cache.delete(GENERATION_KEY)


def _generation() -> str:
    return cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, None)


def _key(generation: str, term_keys: list[str], cut_day=None) -> str:
    key = f"absence-sums:{generation}:{'+'.join(sorted(term_keys))}"
    return f"{key}:to-{cut_day.isoformat()}" if cut_day else key


def period_sums(*, term_keys: list[str]) -> "absence_sums.PeriodSums | None":
    """The period's sums as stored for the current data, computing and storing them if missing.

    A period with a term still in progress is measured to today and stored under a key naming
    today, so a figure cut on one day is never served on a later one; an ended period is stored
    without a day. Both keys are looked up in one read.
    """
    return _stored_sums([term_keys])[0]


def _stored_sums(periods: list[list[str]]) -> list["absence_sums.PeriodSums | None"]:
    """period_sums of each period (a list of term keys); those not stored are computed together,
    in one statement, and stored."""
    today = timezone.localdate()
    generation = _generation()
    keys = [(_key(generation, terms), _key(generation, terms, today)) for terms in periods]
    stored = cache.get_many([key for pair in keys for key in pair])
    found = {}
    missing = {}
    for number, (whole, cut) in enumerate(keys):
        if whole in stored or cut in stored:
            found[number] = (stored.get(whole) or stored[cut])["sums"]
        else:
            missing[number] = periods[number]
    if missing:
        computed = absence_sums.periods_sums(periods=missing, today=today)
        for number, sums in computed.items():
            measured_to = sums.measured_to if sums is not None else None
            cache.set(_key(generation, periods[number], measured_to), {"sums": sums}, TIMEOUT)
            found[number] = sums
    return [found[number] for number in range(len(periods))]


def people_with_sickness_ids(*, today) -> list[int]:
    """Ids of the staff with sickness in the 52 weeks to today, in the records page's order
    (absence_selectors.people_with_sickness), stored for the current data and day."""
    key = f"absence-sick-people:{_generation()}:{today.isoformat()}"
    stored = cache.get(key)
    if stored is None:
        people = absence_selectors.people_with_sickness(today=today)
        stored = list(people.values_list("pk", flat=True))
        cache.set(key, stored, TIMEOUT)
    return stored


def figure_terms() -> list[str]:
    """The terms the figures page offers, newest first: the trust's terms begun by today."""
    from school_calendar.models import Term

    keys = (
        Term.objects.filter(school__isnull=True, first_day__lte=timezone.localdate())
        .order_by("-first_day")
        .values_list("academic_year", "term")
    )
    return [f"{year}-{term}" for year, term in keys]


def precompute_recent(*, terms: int = 2) -> None:
    """Compute and store the sums of the most recent terms (the page opens on the newest), and
    today's list of people with sickness."""
    _stored_sums([[term_key] for term_key in figure_terms()[:terms]])
    people_with_sickness_ids(today=timezone.localdate())


def data_changed_then_precompute() -> None:
    """After a bulk write: end the generation now, and refill the recent terms once it commits."""
    data_changed()
    transaction.on_commit(precompute_recent)
