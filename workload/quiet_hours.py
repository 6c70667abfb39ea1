"""Email quiet hours: may a non-urgent email be sent at a moment, and if not, when?"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from workload.calendar import is_bank_holiday

UK = ZoneInfo("Europe/London")
DEFAULT_QUIET_FROM = time(18, 0)
DEFAULT_QUIET_UNTIL = time(7, 0)


def is_send_allowed(at: datetime, school=None) -> bool:
    local = at.astimezone(UK)
    day = local.date()
    if day.weekday() >= 5 or is_bank_holiday(day):
        return False
    return DEFAULT_QUIET_UNTIL <= local.time() < DEFAULT_QUIET_FROM


def next_allowed_send_time(at: datetime, school=None) -> datetime:
    """The first moment at or after `at` when a non-urgent email may go (UK local time)."""
    local = at.astimezone(UK)
    if is_send_allowed(local, school):
        return local
    day = local.date()
    if local.time() >= DEFAULT_QUIET_UNTIL:
        day += timedelta(days=1)
    for _ in range(400):
        candidate = datetime.combine(day, DEFAULT_QUIET_UNTIL, tzinfo=UK)
        if is_send_allowed(candidate, school):
            return candidate
        day += timedelta(days=1)
    raise RuntimeError("No allowed sending time within a year; check the quiet-hours rules.")
