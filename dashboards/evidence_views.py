"""The page "Workload against wellbeing and absence": a term's evidence part, as its latest built
report holds it (dashboards.evidence), with a chart per figure across schools."""

from django.shortcuts import render

from dashboards import evidence, selectors
from people.access import Perm, has_perm, require
from surveys.charts import bar_chart

CHARTS = [
    ("hse_demands", "HSE demands score (1 to 5, higher is better)", 2, ""),
    ("meetings_per_teacher", "Meetings per teacher", 2, ""),
    ("directed_time_used_pct", "Directed time used (% of budget)", 1, "%"),
    ("email_quiet_share_pct", "Staff email sent in quiet hours (%)", 1, "%"),
    ("absence_rate_pct", "Sickness absence rate (%)", 2, "%"),
    ("mental_health_pct", "Mental health share of days lost (%)", 1, "%"),
]


def _value(row: dict, key: str):
    if key == "hse_demands":
        return (row["hse"] or {}).get("demands")
    if key in ("absence_rate_pct", "mental_health_pct") and row["absence_suppressed"]:
        return None
    value = row.get(key)
    return None if value is None else float(value)


def charts_for(part: dict) -> list[dict]:
    charts = []
    for key, title, places, unit in CHARTS:
        rows = [{"label": row["name"], "value": _value(row, key)} for row in part["rows"]]
        if all(r["value"] is None for r in rows):
            continue
        charts.append(
            {
                "id": f"chart-{key}",
                "chart": bar_chart(
                    title=title,
                    rows=rows,
                    places=places,
                    unit=unit,
                    max_value=5 if key == "hse_demands" else None,
                ),
            }
        )
    return charts


@require(Perm.VIEW_REPORTS)
def evidence_page(request):
    reports = sorted(
        selectors.latest_reports().only("pk", "term_key"),
        key=lambda r: selectors.term_sort_key(r.term_key),
        reverse=True,
    )
    chosen = request.GET.get("term") or (reports[0].term_key if reports else "")
    report = next((r for r in reports if r.term_key == chosen), None)
    part = None
    if report is not None:
        stored = selectors.latest_report_for(chosen)
        part = evidence.for_reader(
            stored.details.get("evidence"), selectors.visible_urns(request.user)
        )
        report = stored
    return render(
        request,
        "dashboards/evidence.html",
        {
            "terms": [r.term_key for r in reports],
            "term": chosen,
            "report": report,
            "ev": part,
            "charts": charts_for(part) if part else [],
            "builder": has_perm(request.user, Perm.BUILD_REPORTS),
        },
    )
