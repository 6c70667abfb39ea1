"""The board view of a built report: status tiles, headline sentences and the school comparison.

Every figure here is read from a built report (dashboards.models.TermlyReport), never recomputed,
so a tile, the report page and the report's exports always agree; pages say "as at" the date the
report was built. Thresholds come from HR (TileThreshold), falling back to the defaults below.
"""

from datetime import date

from django.utils import timezone

from dashboards.indicators import (
    BY_KEY,
    INDICATORS,
    NATIONAL_REFERENCES,
    SUPPRESSED,
    change_of,
    shown,
    status_of,
    threshold_text,
    thresholds,
)
from dashboards.models import TermlyReport
from people.term_words import term_in_words
from school_calendar import terms as calendar

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
