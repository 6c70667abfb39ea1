"""Email quiet hours: may a non-urgent email be sent at a moment, and if not, when?

By default (docs/domain.md, "Email quiet hours") quiet hours are weekdays before 07:00 and from
18:00, weekends, England bank holidays, and every day that is not a school working day of the
school's calendar. 07:00 on a school working day is allowed; 18:00 is not. The trust and each
school may change the times (workload.models.WorkloadRules). For an academic year whose term
dates were never entered, every weekday that is not a bank holiday counts as a working day.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from school_calendar.terms import SchoolCalendar, academic_year_for, is_bank_holiday

UK = ZoneInfo("Europe/London")
DEFAULT_QUIET_FROM = time(18, 0)
DEFAULT_QUIET_UNTIL = time(7, 0)
FOOTER_TEXT = "I choose to work now; I do not expect a reply outside working hours."


@dataclass(frozen=True)
class QuietHoursRules:
    """The defaults, used until an app that keeps the trust's rules registers its source."""

    quiet_from: time = DEFAULT_QUIET_FROM
    quiet_until: time = DEFAULT_QUIET_UNTIL
    quiet_weekends: bool = True
    quiet_school_holidays: bool = True


def _default_rules(school=None) -> QuietHoursRules:
    return QuietHoursRules()


# rules_for(school) -> an object with quiet_from, quiet_until, quiet_weekends and
# quiet_school_holidays. The workload app, which keeps the rules, registers its own.
_rules_source: list[Callable] = [_default_rules]


def register_rules_source(rules_for: Callable) -> None:
    _rules_source[0] = rules_for


def rules_for(school=None):
    return _rules_source[0](school)


class QuietHours:
    """The quiet-hours rules and calendar of one school (or the trust), loaded once."""

    def __init__(self, school=None):
        rules = rules_for(school)
        self.quiet_from = rules.quiet_from
        self.quiet_until = rules.quiet_until
        self.quiet_weekends = rules.quiet_weekends
        self.quiet_school_holidays = rules.quiet_school_holidays
        self.calendar = SchoolCalendar(school) if self.quiet_school_holidays else None

    def is_sending_day(self, day: date) -> bool:
        if is_bank_holiday(day):
            return False
        if self.quiet_weekends and day.weekday() >= 5:
            return False
        if self.calendar is not None and day.weekday() < 5 and self._has_calendar_for(day):
            return self.calendar.is_working_day(day)
        return True

    def _has_calendar_for(self, day: date) -> bool:
        # A year without term dates falls back to weekdays, so mail is not held forever.
        return academic_year_for(day) in self._years

    @property
    def _years(self) -> set[str]:
        if not hasattr(self, "_years_cache"):
            self._years_cache = {key[:7] for key in self.calendar.terms}
        return self._years_cache

    def is_allowed(self, at: datetime) -> bool:
        local = at.astimezone(UK)
        if not self.is_sending_day(local.date()):
            return False
        return self.quiet_until <= local.time() < self.quiet_from

    def next_allowed(self, at: datetime) -> datetime:
        local = at.astimezone(UK)
        if self.is_allowed(local):
            return local
        day = local.date()
        if local.time() >= self.quiet_until:
            day += timedelta(days=1)
        for _ in range(800):
            if self.is_sending_day(day):
                return datetime.combine(day, self.quiet_until, tzinfo=UK)
            day += timedelta(days=1)
        raise RuntimeError(
            "No allowed sending time within two years: enter the term dates (workload calendar)."
        )


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UK)


def is_send_allowed(at: datetime, school=None) -> bool:
    """Whether a non-urgent email may be sent at `at` (naive times are UK local time)."""
    return QuietHours(school).is_allowed(_aware(at))


def next_allowed_send_time(at: datetime, school=None) -> datetime:
    """The first moment at or after `at` when a non-urgent email may go (UK local time)."""
    return QuietHours(school).next_allowed(_aware(at))
