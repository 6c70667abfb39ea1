"""A built report as JSON and CSV (docs/figures.md, "Termly report export"). Its PDF, the
committee pack, is made in the background: dashboards/pack.py and dashboards/pack_jobs.py."""

import io
import json
from decimal import ROUND_HALF_UP, Decimal

from absence.selectors import FIGURE_KEYS
from common.csv_export import csv_safe_writer
from dashboards.models import TermlyReport

CSV_COLUMNS = ["term", "version", "school_urn", "school_name", "part", "group", "key", "value"]


# The documented order of the keys (docs/figures.md, "Termly report export"); a stored report
# comes back from jsonb in another order.
_KEY_ORDER = [
    "term",
    "version",
    "built_at",
    "min_group_size",
    "trust",
    "schools",
    "urn",
    "name",
    "absence",
    "absence_previous_term",
    "absence_same_term_last_year",
    "absence_by_role_group",
    "teaching",
    "support",
    *FIGURE_KEYS,
    "suppressed",
    "surveys",
    "actions",
    "open",
    "done",
    "overdue",
    "pledges",
    "people",
    "starters",
    "leavers",
    "turnover_pct",
    "grievances",
    "complaints",
    "disciplinaries",
    "disputes",
    "flexible_requests",
    "first_aiders",
    "first_aiders_per_50_staff",
    "training_coverage",
    "leader_checkins",
    "new_leaders",
    "leave_requests",
]
_RANK = {key: i for i, key in enumerate(_KEY_ORDER)}
_DECISIONS = {"granted": 0, "declined": 1, "open": 2}
_RANK_INSIDE = {
    "flexible_requests": _DECISIONS,
    "leave_requests": _DECISIONS,
    "leader_checkins": {"heads": 0, "met_partner": 1},
    "new_leaders": {"total": 0, "with_buddy": 1},
}
# Objects keyed by names (a training programme's) are exported in alphabetical order.
_BY_NAME = {"training_coverage"}


def for_export(value, parent: str = ""):
    """The report as exported: every fractional number rounded to 2 places (half up), here and
    nowhere earlier, and the keys of each object in the documented order (docs/figures.md, sections
    "Rounding" and "Termly report export")."""
    if isinstance(value, dict):
        rank = _RANK_INSIDE.get(parent, _RANK)
        keys = list(value)
        ordered = sorted(keys, key=lambda k: (rank.get(k, len(rank)), keys.index(k)))
        if parent in _BY_NAME:
            ordered = sorted(keys)
        return {key: for_export(value[key], key) for key in ordered}
    if isinstance(value, list):
        return [for_export(item) for item in value]
    if isinstance(value, float | Decimal) and not isinstance(value, bool):
        number = Decimal(repr(value) if isinstance(value, float) else value)
        number = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return int(number) if number == number.to_integral_value() else float(number)
    return value


def report_json(report: TermlyReport, figures: dict | None = None) -> str:
    return json.dumps(for_export(figures or report.figures), indent=2, ensure_ascii=False)


def _flat(part: str, group: str, value, rows: list, prefix=""):
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(inner, (dict, list)):
                _flat(part, group, inner, rows, f"{prefix}{key}.")
            else:
                rows.append((part, group, f"{prefix}{key}", inner))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            label = inner.get("round") or inner.get("pledge") if isinstance(inner, dict) else None
            _flat(part, group, inner, rows, f"{prefix}{label or index}.")
    else:
        rows.append((part, group, prefix.rstrip(".") or part, value))


def _csv_cell(item):
    """Empty for null, and booleans as true/false, as the JSON and the survey CSV write them."""
    if item is None:
        return ""
    if isinstance(item, bool):
        return "true" if item else "false"
    return item


def report_csv(report: TermlyReport, figures: dict | None = None) -> str:
    """One row per figure: where it belongs (trust or school, part, group), its key and value."""
    figures = for_export(figures or report.figures)
    out = io.StringIO()
    writer = csv_safe_writer(out)
    writer.writerow(CSV_COLUMNS)
    scopes = [("", "", figures["trust"])] + [(s["urn"], s["name"], s) for s in figures["schools"]]
    for urn, name, scope in scopes:
        for part, value in scope.items():
            if part in ("urn", "name"):
                continue
            rows: list = []
            if part == "absence_by_role_group" and value:
                for group, inner in value.items():
                    _flat(part, group, inner, rows)
            elif value is None:
                rows.append((part, "", "", "not available yet"))
            else:
                _flat(part, "", value, rows)
            for row_part, group, key, item in rows:
                cell = _csv_cell(item)
                writer.writerow(
                    [figures["term"], figures["version"], urn, name, row_part, group, key, cell]
                )
    return out.getvalue()
