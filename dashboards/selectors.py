"""Reads for dashboards and reports: built reports, trimmed to what the reader may see."""

from django.db.models import Max, OuterRef, Subquery

from common.report_feeds import report_parts
from dashboards import feeds
from dashboards.evidence import for_reader as evidence_for_reader
from dashboards.models import ReportBuild, TermlyReport
from people.access import Perm, has_trust_perm, school_ids_for
from people.models import School
from people.term_words import term_in_words
from surveys import charts


def latest_reports():
    """The newest version of each term's report, latest term first."""
    newest = TermlyReport.objects.filter(term_key=OuterRef("term_key")).order_by("-version")
    return TermlyReport.objects.filter(pk=Subquery(newest.values("pk")[:1])).order_by("-term_key")


def latest_report_for(term_key: str) -> TermlyReport | None:
    return TermlyReport.objects.filter(term_key=term_key).order_by("-version").first()


def report_versions(term_key: str):
    return (
        TermlyReport.objects.filter(term_key=term_key)
        .order_by("-version")
        .only("pk", "term_key", "version", "built_at")
    )


def recent_builds(limit: int = 20):
    return ReportBuild.objects.select_related("report", "requested_by")[:limit]


def visible_urns(user, perm: Perm = Perm.VIEW_REPORTS) -> set[str] | None:
    """URNs of the schools whose sections the user may read; None means all of them."""
    if has_trust_perm(user, perm):
        return None
    ids = {i for i in (school_ids_for(user, perm) or set()) if i is not None}
    return set(School.objects.filter(pk__in=ids).values_list("urn", flat=True))


def report_for_reader(figures: dict, urns: set[str] | None) -> dict:
    """The report with only the schools the reader may see (every reader sees the trust)."""
    if urns is None:
        return figures
    return {**figures, "schools": [s for s in figures["schools"] if s["urn"] in urns]}


def reader_scope(user) -> str:
    """Which schools a reader's copy of a report holds, as text: 'trust' for every school, else
    'schools:' and the URNs in order. Readers with the same scope get the same committee pack."""
    urns = visible_urns(user)
    return "trust" if urns is None else "schools:" + ",".join(sorted(urns))


def scope_urns(scope: str) -> set[str] | None:
    """The URNs a scope from reader_scope stands for (None: every school)."""
    if scope == "trust":
        return None
    listed = scope.removeprefix("schools:")
    return set(listed.split(",")) if listed else set()


def term_sort_key(term_key: str) -> tuple:
    order = {"autumn": 0, "spring": 1, "summer": 2}
    return term_key[:7], order.get(term_key[8:], 9)


def absence_trend(*, urn: str | None = None, limit: int = 6) -> list[dict]:
    """Absence figures of the last built terms (oldest first) for the trust or one school."""
    reports = sorted(
        latest_reports().only("term_key", "figures"), key=lambda r: term_sort_key(r.term_key)
    )
    trend = []
    for report in reports[-limit:]:
        if urn is None:
            figures = report.figures["trust"]["absence"]
        else:
            figures = next(
                (s["absence"] for s in report.figures["schools"] if s["urn"] == urn), None
            )
        trend.append({"term": report.term_key, "figures": figures})
    return trend


def newest_report() -> TermlyReport | None:
    reports = list(latest_reports().only("term_key"))
    if not reports:
        return None
    key = max((r.term_key for r in reports), key=term_sort_key)
    return latest_report_for(key)


def latest_version_numbers() -> dict[str, int]:
    return dict(TermlyReport.objects.values_list("term_key").annotate(v=Max("version")))


def dashboard(*, school=None) -> dict:
    """What a governor (one school) or trustee (the trust, school None) dashboard shows.

    Every figure comes from the newest built report (survey trend aside: closed rounds).
    """
    urn = school.urn if school else None
    report = newest_report()
    section = None
    workload = None
    comparisons = {}
    if report is not None:
        if school is None:
            section = report.figures["trust"]
            workload = report.details.get("trust_workload")
            comparisons = {
                "previous": section.get("absence_previous_term"),
                "year_ago": section.get("absence_same_term_last_year"),
            }
        else:
            section = next((s for s in report.figures["schools"] if s["urn"] == urn), None)
            extra = report.details.get("schools", {}).get(urn, {})
            workload = extra.get("workload")
            comparisons = {
                "previous": extra.get("absence_previous_term"),
                "year_ago": extra.get("absence_same_term_last_year"),
            }
    trend = absence_trend(urn=urn)
    surveys = feeds.survey_trend(school=school)
    absence_chart = survey_chart = None
    if trend:
        absence_chart = charts.bar_chart(
            title="Sickness absence rate by term (% of available days)",
            rows=[
                {
                    "label": term_in_words(t["term"]),
                    "value": (t["figures"] or {}).get("absence_rate_pct")
                    if t["figures"] and not t["figures"].get("suppressed")
                    else None,
                }
                for t in trend
            ],
            places=2,
            unit="%",
        )
    if surveys:
        keys = []
        for summary in surveys:
            for score in summary.get("scores") or []:
                if score["key"] not in keys and len(keys) < 4:
                    keys.append(score["key"])
        labels = {}
        series = []
        for key in keys:
            values = []
            for summary in surveys:
                found = next((s for s in summary.get("scores") or [] if s["key"] == key), None)
                if found:
                    labels[key] = found["label"]
                values.append(found["mean"] if found and not found.get("suppressed") else None)
            series.append({"name": labels.get(key, key), "values": values})
        present = [v for s in series for v in s["values"] if v is not None]
        if present:
            survey_chart = charts.small_multiples(
                title="Survey headline scores by round (means), one small chart per score",
                x_labels=[s["title"] for s in surveys],
                axis_labels=[charts.round_axis_label(s) for s in surveys],
                series=series,
                y_min=0,
                y_max=max(10, max(present)),
            )
    return {
        "report": report,
        "section": section,
        "comparison": comparison_rows(
            section.get("absence") if section else None,
            comparisons.get("previous"),
            comparisons.get("year_ago"),
        ),
        "comparisons": comparisons,
        "workload": workload,
        "trend": trend,
        "absence_chart": absence_chart,
        "surveys": surveys,
        "survey_chart": survey_chart,
        # From the report like every other figure, so the dashboard never contradicts it.
        "actions": section.get("actions") if section else None,
        "pledges": section.get("pledges") if section else None,
    }


FIGURE_LABELS = [
    ("headcount", "Staff in post"),
    ("fte_in_post", "FTE in post"),
    ("days_available", "Working days available"),
    ("sickness_days_lost", "Sickness days lost"),
    ("absence_rate_pct", "Absence rate (%)"),
    ("days_lost_per_fte", "Days lost per FTE"),
    ("avg_days_lost_per_staff", "Days lost per person"),
    ("staff_with_sickness", "Staff with sickness absence"),
    ("pct_staff_with_sickness", "Staff with sickness absence (%)"),
    ("avg_days_per_absent_staff", "Days lost per absent person"),
    ("mental_health_days_lost", "Mental health days lost"),
    ("mental_health_pct", "Mental health share of days lost (%)"),
    ("long_term_days_lost", "Long-term days lost"),
    ("short_term_days_lost", "Short-term days lost"),
    ("spells_started", "Sickness spells started"),
]


def _cell(figures: dict | None, key: str) -> str:
    if figures is None:
        return "Not available yet"
    if figures.get("suppressed"):
        return "Hidden (small group)"
    value = figures.get(key)
    return "–" if value is None else str(value)


def comparison_rows(*columns: dict | None) -> list[dict]:
    """One row per absence figure with a cell per column (e.g. this term, previous, a year ago)."""
    return [
        {"label": label, "cells": [_cell(c, key) for c in columns]} for key, label in FIGURE_LABELS
    ]


def report_sections(figures: dict, details: dict) -> dict:
    """A built report arranged for the screen and the PDF: the trust, then each school shown."""
    trust = figures["trust"]
    ytd = details.get("teachers_year_to_date")
    national = details.get("national_teachers") or {}
    national_rows = []
    if ytd:
        for key, label in (
            ("pct_staff_with_sickness", "Teachers who took sickness absence (%)"),
            ("avg_days_lost_per_staff", "Days lost per teacher"),
            ("avg_days_per_absent_staff", "Days lost per teacher who was absent"),
        ):
            ours = "Hidden (small group)" if ytd.get("suppressed") else ytd.get(key)
            national_rows.append({"label": label, "ours": ours, "national": national.get(key)})
    schools = []
    for school in figures["schools"]:
        extra = details.get("schools", {}).get(school["urn"], {})
        by_group = school.get("absence_by_role_group") or {}
        schools.append(
            {
                **school,
                "comparison": comparison_rows(
                    school["absence"],
                    extra.get("absence_previous_term"),
                    extra.get("absence_same_term_last_year"),
                ),
                "groups": comparison_rows(by_group.get("teaching"), by_group.get("support"))
                if by_group
                else None,
                "workload": extra.get("workload"),
                "registered": _registered_parts(school),
            }
        )
    summary = details.get("summary") or []
    if set(details.get("schools", {})) - {s["urn"] for s in figures["schools"]}:
        # The stored summary may name any school; a reader shown only some schools gets the same
        # sentences written from the figures they may see.
        from dashboards.services import report_summary

        summary = report_summary(figures, details)
    return {
        "trust": trust,
        "trust_comparison": comparison_rows(
            trust["absence"], trust["absence_previous_term"], trust["absence_same_term_last_year"]
        ),
        "trust_workload": details.get("trust_workload"),
        "exit_reasons": details.get("exit_reasons"),
        "difference": details.get("difference"),
        "summary": summary,
        "national_rows": national_rows,
        "national_source": national.get("source"),
        "ytd_terms": (ytd or {}).get("terms"),
        "schools": schools,
        "registered": _registered_parts(trust),
        "evidence": evidence_for_reader(
            details.get("evidence"), {s["urn"] for s in figures["schools"]}
        ),
    }


def _registered_parts(section: dict) -> list[dict]:
    """The registered parts (common/report_feeds.py) a report section holds, for the page: each
    with its label and its value as rows of (label, value) or a table."""
    shown = []
    for part in report_parts():
        if part.key not in section:
            continue  # built before the part was registered
        value = section[part.key]
        entry = {"key": part.key, "label": part.label, "value": value, "rows": None, "table": None}
        if isinstance(value, dict):
            entry["rows"] = [(str(k).replace("_", " ").capitalize(), v) for k, v in value.items()]
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            columns = list(value[0])
            entry["table"] = {
                "columns": [c.replace("_", " ").capitalize() for c in columns],
                "rows": [[row.get(c) for c in columns] for row in value],
            }
        shown.append(entry)
    return shown
