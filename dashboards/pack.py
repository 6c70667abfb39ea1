"""The People committee pack: a built report as a tagged, accessible PDF (PDF/UA-1).

Cover, a one-page summary (headline, status tiles, charts with text equivalents), the schools
compared, one page per school, then the full report's tables as an appendix.
"""

from django.template.loader import render_to_string

from dashboards import board, board_charts, indicators
from dashboards.fairness import report_fairness
from dashboards.models import TermlyReport
from dashboards.selectors import latest_reports, report_sections, term_sort_key
from people.term_words import term_in_words

PDF_VARIANT = "pdf/ua-1"
TREND_TERMS = 4


def _short_term(key: str) -> str:
    """'Summer term 2026' -> 'Sum 2026', for the narrow axis of a small chart."""
    words = term_in_words(key).split()
    return f"{words[0][:3]} {words[-1]}" if len(words) == 3 else key


def _absence_rate(section: dict | None):
    value = indicators.BY_KEY["absence_rate_pct"].pick(section or {})
    return None if value in (None, indicators.SUPPRESSED) else value


def _chart(title: str, svg: str, alt: str, headings: list[str], rows: list[list]) -> dict:
    return {
        "title": title,
        "uri": board_charts.data_uri(svg),
        "alt": alt,
        "headings": headings,
        "rows": rows,
    }


def _absence_by_school(figures: dict) -> dict:
    trust = _absence_rate(figures["trust"])
    rows = [{"label": s["name"], "value": _absence_rate(s)} for s in figures["schools"]]
    shown = [r for r in rows if r["value"] is not None]
    highest = max(shown, key=lambda r: r["value"]) if shown else None
    alt = "Bar chart of each school's sickness absence rate against the trust average"
    if trust is not None:
        alt += f" of {trust:.2f}%"
    if highest:
        alt += f"; highest: {highest['label']} at {highest['value']:.2f}%"
    return _chart(
        "Sickness absence rate by school (% of available days), with the trust average",
        board_charts.bars_with_benchmark(
            rows=rows, benchmark=trust, benchmark_label="Trust average", unit="%"
        ),
        alt + ". The table below gives every figure.",
        ["School", "Absence rate"],
        [
            [r["label"], "Hidden (small group)" if r["value"] is None else f"{r['value']:.2f}%"]
            for r in rows
        ]
        + [["Trust average", "–" if trust is None else f"{trust:.2f}%"]],
    )


def _absence_trend(report: TermlyReport, figures: dict) -> dict:
    reports = sorted(
        (
            r
            for r in latest_reports().only("term_key", "figures")
            if term_sort_key(r.term_key) <= term_sort_key(report.term_key)
        ),
        key=lambda r: term_sort_key(r.term_key),
    )[-TREND_TERMS:]
    reports = [report if r.term_key == report.term_key else r for r in reports]
    groups = [("Trust", None)] + [(s["name"], s["urn"]) for s in figures["schools"]]
    panels, rows = [], []
    for name, urn in groups:
        points = []
        for built in reports:
            section = board._section(built, urn)
            points.append({"label": _short_term(built.term_key), "value": _absence_rate(section)})
        panels.append({"name": name, "points": points})
        rows.append(
            [name] + ["Hidden" if p["value"] is None else f"{p['value']:.2f}%" for p in points]
        )
    return _chart(
        "Sickness absence rate over recent terms: one small chart per school, same scale",
        board_charts.small_multiples(panels=panels),
        f"Small bar charts, one for the trust and one per school, of the sickness absence rate "
        f"in each of the last {len(reports)} built terms. The table below gives every figure.",
        ["School"] + [term_in_words(r.term_key) for r in reports],
        rows,
    )


def _response_rates(figures: dict) -> dict:
    indicator = indicators.BY_KEY["response_rate_pct"]

    def rate(section):
        value = indicator.pick(section)
        return None if value in (None, indicators.SUPPRESSED) else value

    rows = [{"label": s["name"], "value": rate(s)} for s in figures["schools"]]
    trust = rate(figures["trust"])
    return _chart(
        "Survey response rate by school, against HSE's 60% 'desirable'",
        board_charts.bars_with_benchmark(
            rows=rows, benchmark=60.0, benchmark_label="HSE desirable", unit="%", places=1
        ),
        "Bar chart of each school's response rate to the latest survey closed in the term, "
        "against the 60% HSE calls desirable. The table below gives every figure.",
        ["School", "Response rate"],
        [
            [r["label"], "No survey or hidden" if r["value"] is None else f"{r['value']:.1f}%"]
            for r in rows
        ]
        + [["Trust", "–" if trust is None else f"{trust:.1f}%"]],
    )


def pack_context(report: TermlyReport, figures: dict, trust_name: str) -> dict:
    sections = report_sections(figures, report.details)
    summary = board.board(report, name=trust_name)
    limits = summary["limits"]
    earlier = board.earlier_reports(report)
    schools = []
    for school in figures["schools"]:
        made = board.tiles(report, school["urn"], limits, earlier, summary["progress"])
        pledges = school.get("pledges") or []
        schools.append(
            {
                "name": school["name"],
                "urn": school["urn"],
                "tiles": made,
                "headline": board.headline(
                    name=school["name"], report=report, made=made, progress=summary["progress"]
                ),
                "not_on_track": [p for p in pledges if p.get("status") == "off_track"],
            }
        )
    return {
        "report": report,
        "figures": figures,
        "trust_name": trust_name,
        "term": term_in_words(report.term_key),
        "summary": summary,
        "compared": board.comparison(report, limits, figures=figures),
        "schools": schools,
        "charts": [
            _absence_by_school(figures),
            _absence_trend(report, figures),
            _response_rates(figures),
        ],
        "sections": sections,
        "fair": report_fairness(report, sections),
        "references": indicators.NATIONAL_REFERENCES.values(),
    }


def pack_html(report: TermlyReport, figures: dict, *, trust_name: str) -> str:
    """The pack's HTML: every figure gathered and placed (the first half of the work)."""
    return render_to_string("dashboards/pack/pack.html", pack_context(report, figures, trust_name))


def pack_pdf(html: str, *, base_url: str = "") -> bytes:
    """The pack's pages laid out by WeasyPrint (the second, longer half)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url or None).write_pdf(pdf_variant=PDF_VARIANT)
