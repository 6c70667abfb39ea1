"""The board's indicators: what each tile shows, where its figure is read in a built report, the
national figures to read it against, and HR's thresholds that give it a status."""

from dataclasses import dataclass
from decimal import Decimal

from dashboards.models import TileThreshold

SUPPRESSED = "suppressed"  # a figure hidden because its group is under the minimum size

LOWER, HIGHER = "lower", "higher"


@dataclass(frozen=True)
class Reference:
    """A published figure to read ours against; `per_term` is set when it can be compared with a
    term's figure (a yearly count pro rata: a third of the year)."""

    text: str
    source: str
    year: str
    per_term: float | None = None


SWC = ("School Workforce Census, England (teachers in state-funded schools)", "2024/25")
ONS = ("ONS personal wellbeing, UK", "year ending March 2023")
HSE_RATES = ("HSE Management Standards Indicator Tool guidance on response rates", "")

NATIONAL_REFERENCES = {
    "teachers_with_sickness_pct": Reference("61.8% of teachers took sickness absence", *SWC),
    "teachers_days_per_absent": Reference("8.1 days lost per teacher who was absent", *SWC),
    "teachers_days_per_teacher": Reference(
        "5.0 days lost per teacher over the year (1.67 a term pro rata)", *SWC, per_term=5.0 / 3
    ),
    "life_satisfaction": Reference("Life satisfaction 7.45 out of 10", *ONS),
    "worthwhile": Reference("Worthwhile 7.73 out of 10", *ONS),
    "happiness": Reference("Happiness 7.39 out of 10", *ONS),
    "anxiety": Reference("Anxiety 3.23 out of 10", *ONS),
    "response_rate": Reference(
        "Over 50% adequate, 60% desirable, 70% good, 80% very good", *HSE_RATES
    ),
}


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str  # "%", " days", "" (a count) or " out of 10"
    better: str  # LOWER or HIGHER
    places: int
    amber: Decimal
    red: Decimal
    why: str  # why the default thresholds are where they are
    reference: str | None = None  # key of NATIONAL_REFERENCES

    def pick(self, section: dict | None):
        """This indicator's value in a report section (trust or school), SUPPRESSED or None."""
        if section is None:
            return None
        return _PICKERS[self.key](section)


INDICATORS = [
    Indicator(
        "absence_rate_pct",
        "Sickness absence rate",
        "%",
        LOWER,
        2,
        Decimal("3.0"),
        Decimal("4.0"),
        "Share of available working days lost to sickness. Teachers nationally lose about 5 days "
        "in a 190-day year (2.6%); amber from 3%, red from 4%.",
    ),
    Indicator(
        "days_lost_per_fte",
        "Days lost per FTE",
        " days",
        LOWER,
        2,
        Decimal("2.0"),
        Decimal("3.0"),
        "Sickness days lost in the term per full-time equivalent. The national 5.0 days a year is "
        "about 1.7 a term; amber from 2 days, red from 3.",
        "teachers_days_per_teacher",
    ),
    Indicator(
        "mental_health_pct",
        "Mental health share of days lost",
        "%",
        LOWER,
        1,
        Decimal("20"),
        Decimal("30"),
        "Share of sickness days recorded as mental health. Amber from a fifth, red from 30%: "
        "a rising share calls for a look at workload and support.",
    ),
    Indicator(
        "response_rate_pct",
        "Survey response rate",
        "%",
        HIGHER,
        1,
        Decimal("60"),
        Decimal("50"),
        "Share of invited staff who answered the latest survey closed in the term. HSE's guide "
        "calls over 50% adequate and 60% desirable: amber below 60%, red below 50%.",
        "response_rate",
    ),
    Indicator(
        "life_satisfaction",
        "Life satisfaction",
        " out of 10",
        HIGHER,
        2,
        Decimal("7.0"),
        Decimal("6.5"),
        "Mean answer (0 to 10) in the latest survey. The UK mean is 7.45: amber below 7.0, "
        "red below 6.5.",
        "life_satisfaction",
    ),
    Indicator(
        "anxiety",
        "Anxiety",
        " out of 10",
        LOWER,
        2,
        Decimal("3.5"),
        Decimal("4.5"),
        "Mean answer (0 to 10, lower is better) in the latest survey. The UK mean is 3.23: "
        "amber from 3.5, red from 4.5.",
        "anxiety",
    ),
    Indicator(
        "demands",
        "Demands (HSE)",
        " out of 5",
        HIGHER,
        2,
        Decimal("3.5"),
        Decimal("3.0"),
        "HSE Management Standards demands score (1 to 5, higher means fewer problems). "
        "Amber below 3.5, red below 3.0.",
    ),
    Indicator(
        "actions_overdue",
        "Overdue actions",
        "",
        LOWER,
        0,
        Decimal("1"),
        Decimal("3"),
        "'You said, we did' actions past their due date and not done. Any overdue action is "
        "amber; three or more are red.",
    ),
    Indicator(
        "pledges_off_track",
        "Pledges off track",
        "",
        LOWER,
        0,
        Decimal("1"),
        Decimal("3"),
        "Charter pledges whose measure says off track. One is amber; three or more are red.",
    ),
    Indicator(
        "turnover_pct",
        "Staff turnover in the term",
        "%",
        LOWER,
        1,
        Decimal("3"),
        Decimal("5"),
        "Leavers as a share of the term's average headcount. About 3% a term is roughly 9% a "
        "year; amber from 3%, red from 5%.",
    ),
]
BY_KEY = {i.key: i for i in INDICATORS}


def _absence(key):
    def pick(section):
        figures = section.get("absence")
        if not figures:
            return None
        return SUPPRESSED if figures.get("suppressed") else figures.get(key)

    return pick


def latest_survey(section: dict) -> dict | None:
    """The survey that closed last in the section's term (surveys are stored per term)."""
    rounds = [s for s in section.get("surveys") or [] if s.get("closed")]
    return max(rounds, key=lambda s: s["closed"]) if rounds else None


def _survey_rate(section):
    survey = latest_survey(section)
    if survey is None:
        return None
    return SUPPRESSED if survey.get("suppressed") else survey.get("response_rate_pct")


def _score(key):
    def pick(section):
        survey = latest_survey(section)
        if survey is None:
            return None
        if survey.get("suppressed"):
            return SUPPRESSED
        found = next((s for s in survey.get("scores") or [] if s.get("key") == key), None)
        if found is None:
            return None
        return SUPPRESSED if found.get("suppressed") else found.get("mean")

    return pick


def _overdue(section):
    actions = section.get("actions")
    return None if actions is None else actions.get("overdue")


def _off_track(section):
    pledges = section.get("pledges")
    return None if pledges is None else sum(p.get("status") == "off_track" for p in pledges)


def _turnover(section):
    people = section.get("people")
    return None if people is None else people.get("turnover_pct")


_PICKERS = {
    "absence_rate_pct": _absence("absence_rate_pct"),
    "days_lost_per_fte": _absence("days_lost_per_fte"),
    "mental_health_pct": _absence("mental_health_pct"),
    "response_rate_pct": _survey_rate,
    "life_satisfaction": _score("life_satisfaction"),
    "anxiety": _score("anxiety"),
    "demands": _score("demands"),
    "actions_overdue": _overdue,
    "pledges_off_track": _off_track,
    "turnover_pct": _turnover,
}


# --- thresholds and status -----------------------------------------------------------------


def thresholds() -> dict[str, tuple[Decimal, Decimal]]:
    """(amber, red) for every indicator: HR's if set, else the shipped default. One query."""
    chosen = {t.indicator: (t.amber, t.red) for t in TileThreshold.objects.all()}
    return {i.key: chosen.get(i.key, (i.amber, i.red)) for i in INDICATORS}


@dataclass(frozen=True)
class Status:
    key: str  # red, amber, green, none
    text: str
    icon: str  # name of the icon in templates/dashboards/_status_icon.html


STATUSES = {
    "red": Status("red", "Needs attention", "cross"),
    "amber": Status("amber", "Watch", "warning"),
    "green": Status("green", "On track", "tick"),
    "none": Status("none", "No status", "dash"),
}


def status_of(indicator: Indicator, value, amber: Decimal, red: Decimal) -> Status:
    if value is None or value == SUPPRESSED:
        return STATUSES["none"]
    number = Decimal(str(value))
    if indicator.better == LOWER:
        key = "red" if number >= red else "amber" if number >= amber else "green"
    else:
        key = "red" if number < red else "amber" if number < amber else "green"
    return STATUSES[key]


def threshold_text(indicator: Indicator, amber: Decimal, red: Decimal) -> str:
    unit = indicator.unit
    if indicator.better == LOWER:
        return f"Amber from {_num(amber)}{unit}, red from {_num(red)}{unit}"
    return f"Amber below {_num(amber)}{unit}, red below {_num(red)}{unit}"


def _num(value, places: int | None = None) -> str:
    if places is None:
        return f"{Decimal(value).normalize():f}"
    return f"{float(value):.{places}f}"


def shown(indicator: Indicator, value) -> str:
    if value is None:
        return "No figure"
    if value == SUPPRESSED:
        return "Hidden (small group)"
    return f"{_num(value, indicator.places)}{indicator.unit}"


def change_of(indicator: Indicator, now, before) -> dict | None:
    """The change from `before` to `now`, in words, and whether it is for the better."""
    if now in (None, SUPPRESSED) or before in (None, SUPPRESSED):
        return None
    difference = round(float(now) - float(before), indicator.places)
    if difference == 0:
        return {"text": "no change", "better": None}
    unit = " points" if indicator.unit == "%" else indicator.unit
    sign = "+" if difference > 0 else "−"
    better = (difference < 0) == (indicator.better == LOWER)
    return {
        "text": f"{sign}{_num(abs(difference), indicator.places)}{unit}",
        "better": better,
        "words": "better" if better else "worse",
    }
