"""The board view of a built report: status tiles, headline sentences and the school comparison.

Every figure here is read from a built report (dashboards.models.TermlyReport), never recomputed,
so a tile, the report page and the report's exports always agree; pages say "as at" the date the
report was built. Thresholds come from HR (TileThreshold), falling back to the defaults below.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from dashboards.models import TermlyReport, TileThreshold
from people.term_words import term_in_words
from school_calendar import terms as calendar

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


# --- the term's progress -------------------------------------------------------------------


def term_progress(report: TermlyReport) -> dict:
    """Whether the report's term had ended when the report was built (trust calendar)."""
    dates = calendar.term_dates(report.term_key)
    built_on = timezone.localdate(report.built_at)
    finished = dates is None or built_on > dates.last_day
    return {
        "finished": finished,
        "built_on": built_on,
        "last_day": dates.last_day if dates else None,
    }


# --- the page ------------------------------------------------------------------------------


def _section(report: TermlyReport | None, urn: str | None) -> dict | None:
    if report is None:
        return None
    if urn is None:
        return report.figures["trust"]
    return next((s for s in report.figures["schools"] if s["urn"] == urn), None)


def _with_absence(section: dict | None, absence) -> dict | None:
    """A section of an earlier term, with the absence figures this report computed for it."""
    if section is None and absence is None:
        return None
    return {**(section or {}), "absence": absence}


def earlier_sections(report: TermlyReport, urn: str | None, earlier: dict) -> tuple:
    """(previous term, same term last year) sections: absence as this build computed it, the
    rest from the newest built report of that term (None where no report was built)."""
    if urn is None:
        trust = report.figures["trust"]
        absences = (trust.get("absence_previous_term"), trust.get("absence_same_term_last_year"))
    else:
        extra = report.details.get("schools", {}).get(urn, {})
        absences = (extra.get("absence_previous_term"), extra.get("absence_same_term_last_year"))
    keys = (
        calendar.previous_term_key(report.term_key),
        calendar.same_term_last_year_key(report.term_key),
    )
    return tuple(
        _with_absence(_section(earlier.get(key), urn), absence)
        for key, absence in zip(keys, absences, strict=True)
    )


def earlier_reports(report: TermlyReport) -> dict[str, TermlyReport]:
    """The newest built report of the previous term and the same term last year, by term key."""
    keys = [
        calendar.previous_term_key(report.term_key),
        calendar.same_term_last_year_key(report.term_key),
    ]
    newest = {}
    for found in TermlyReport.objects.filter(term_key__in=keys).order_by("term_key", "-version"):
        newest.setdefault(found.term_key, found)
    return newest


def tiles(
    report: TermlyReport,
    urn: str | None,
    limits: dict,
    earlier: dict,
    progress: dict,
) -> list[dict]:
    section = _section(report, urn)
    previous, year_ago = earlier_sections(report, urn, earlier)
    trust = report.figures["trust"] if urn else None
    made = []
    for indicator in INDICATORS:
        value = indicator.pick(section)
        amber, red = limits[indicator.key]
        reference = NATIONAL_REFERENCES.get(indicator.reference) if indicator.reference else None
        made.append(
            {
                "indicator": indicator,
                "value": value,
                "shown": shown(indicator, value),
                "status": status_of(indicator, value, amber, red),
                "thresholds": threshold_text(indicator, amber, red),
                "previous": change_of(indicator, value, indicator.pick(previous))
                if progress["finished"]
                else None,
                "year_ago": change_of(indicator, value, indicator.pick(year_ago))
                if progress["finished"]
                else None,
                "trust": shown(indicator, indicator.pick(trust)) if trust else None,
                "reference": reference,
            }
        )
    return made


def headline(*, name: str, report: TermlyReport, made: list[dict], progress: dict) -> list[str]:
    """Plain sentences written from the tiles (never by hand)."""
    as_at = _long_date(progress["built_on"])
    term = term_in_words(report.term_key)
    lines = []
    if not progress["finished"]:
        lines.append(
            f"{term} was still in progress when these figures were taken on {as_at} "
            f"(it ends on {_long_date(progress['last_day'])}), so they are not compared with "
            "earlier terms."
        )
    by_key = {t["indicator"].key: t for t in made}
    rate = by_key["absence_rate_pct"]
    if rate["value"] == SUPPRESSED:
        lines.append(f"{name}'s absence figures are hidden: fewer staff than the minimum group.")
    elif rate["value"] is not None:
        text = f"In {term}, {name} lost {rate['shown']} of available working days to sickness"
        per_fte = by_key["days_lost_per_fte"]
        if per_fte["value"] not in (None, SUPPRESSED):
            text += f" ({per_fte['shown']} per full-time equivalent)"
        if rate["previous"]:
            change = rate["previous"]
            text += (
                ", no change on the previous term"
                if change["better"] is None
                else f", {change['text']} on the previous term ({change['words']})"
            )
        lines.append(text + ".")
    red = [_lower_first(t["indicator"].label) for t in made if t["status"].key == "red"]
    amber = [_lower_first(t["indicator"].label) for t in made if t["status"].key == "amber"]
    rated = [t for t in made if t["status"].key != "none"]
    if red:
        lines.append(f"{len(red)} of {len(rated)} indicators need attention: {_listed(red)}.")
    if amber:
        lines.append(f"{len(amber)} to watch: {_listed(amber)}.")
    if rated and not red and not amber:
        lines.append(f"All {len(rated)} indicators with a figure are within HR's thresholds.")
    rate = by_key["response_rate_pct"]
    if rate["value"] not in (None, SUPPRESSED):
        lines.append(f"{rate['shown']} of staff answered the latest survey this term.")
    return lines


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _long_date(day: date | None) -> str:
    return "" if day is None else f"{day.day} {day:%B %Y}"


def board(report: TermlyReport | None, *, name: str, urn: str | None = None) -> dict | None:
    """What the top of a governor's (urn) or trustee's (urn None) dashboard shows."""
    if report is None:
        return None
    progress = term_progress(report)
    limits = thresholds()
    earlier = earlier_reports(report)
    made = tiles(report, urn, limits, earlier, progress)
    return {
        "report": report,
        "term": term_in_words(report.term_key),
        "progress": progress,
        "tiles": made,
        "headline": headline(name=name, report=report, made=made, progress=progress),
        "limits": limits,
    }


# --- trustees' comparison ------------------------------------------------------------------

COMPARED = [
    "absence_rate_pct",
    "days_lost_per_fte",
    "mental_health_pct",
    "response_rate_pct",
    "life_satisfaction",
    "anxiety",
    "demands",
    "actions_overdue",
    "pledges_off_track",
    "turnover_pct",
]


def _sort_value(value):
    return (1, 0) if value in (None, SUPPRESSED) else (0, float(value))


def comparison(
    report: TermlyReport,
    limits: dict,
    *,
    sort: str = "name",
    descending: bool = False,
    figures: dict | None = None,
) -> dict:
    """Every school of the report (or of `figures`, the report as one reader may see it) by the
    key indicators, with status per cell, sorted."""
    figures = figures or report.figures
    columns = [BY_KEY[k] for k in COMPARED]
    rows = []
    for school in figures["schools"]:
        cells = []
        for indicator in columns:
            value = indicator.pick(school)
            amber, red = limits[indicator.key]
            cells.append(
                {
                    "value": value,
                    "shown": shown(indicator, value),
                    "status": status_of(indicator, value, amber, red),
                    "suppressed": value == SUPPRESSED,
                }
            )
        rows.append({"urn": school["urn"], "name": school["name"], "cells": cells})
    if sort in COMPARED:
        index = COMPARED.index(sort)
        present = [r for r in rows if _sort_value(r["cells"][index]["value"])[0] == 0]
        missing = [r for r in rows if r not in present]
        present.sort(key=lambda r: float(r["cells"][index]["value"]), reverse=descending)
        rows = present + missing  # schools without a figure stay at the bottom either way
    else:
        sort = "name"
        rows.sort(key=lambda r: r["name"].lower(), reverse=descending)
    trust = figures["trust"]
    trust_cells = [
        {"shown": shown(i, i.pick(trust)), "status": status_of(i, i.pick(trust), *limits[i.key])}
        for i in columns
    ]
    return {
        "columns": [
            {
                "indicator": i,
                "sorted": sort == i.key,
                "next_descending": not descending if sort == i.key else False,
            }
            for i in columns
        ],
        "rows": rows,
        "trust": trust_cells,
        "sort": sort,
        "descending": descending,
        "name_next_descending": not descending if sort == "name" else False,
    }
