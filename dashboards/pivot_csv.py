"""The report as a CSV a spreadsheet user can pivot: one row per school (or the trust) × figure,
with readable column names and labels. The machine-readable CSV of docs/figures.md stays as is.
"""

import io

from common.csv_export import csv_safe_writer
from dashboards import indicators
from dashboards.exports import for_export
from dashboards.models import TermlyReport
from dashboards.selectors import FIGURE_LABELS
from people.term_words import term_in_words

COLUMNS = ["Term", "Report version", "School", "URN", "Area", "Figure", "Staff group", "Value"]
COLUMNS += ["Note"]
TRUST_NAME = "Whole trust"
HIDDEN = "Hidden (small group)"
MISSING = "Not available"

PEOPLE_LABELS = [
    ("starters", "Starters"),
    ("leavers", "Leavers"),
    ("turnover_pct", "Turnover (%)"),
    ("grievances", "Grievances"),
    ("complaints", "Complaints"),
    ("disciplinaries", "Disciplinaries"),
    ("disputes", "Disputes"),
    ("first_aiders", "Mental health first aiders"),
    ("first_aiders_per_50_staff", "Mental health first aiders per 50 staff"),
]
GROUP_NAMES = {"teaching": "Teaching staff", "support": "Support staff"}


def _absence_rows(figures: dict | None, group: str) -> list[tuple]:
    if figures is None:
        return [("Sickness absence", label, group, None, MISSING) for _k, label in FIGURE_LABELS]
    hidden = figures.get("suppressed")
    return [
        (
            "Sickness absence",
            label,
            group,
            None if hidden else figures.get(key),
            HIDDEN if hidden else "",
        )
        for key, label in FIGURE_LABELS
    ]


def _survey_rows(section: dict) -> list[tuple]:
    survey = indicators.latest_survey(section)
    if section.get("surveys") is None:
        return [("Staff survey", "Response rate (%)", "All staff", None, MISSING)]
    if survey is None:
        return [("Staff survey", "Response rate (%)", "All staff", None, "No survey closed")]
    area = f"Staff survey: {survey['title']}"
    if survey.get("suppressed"):
        return [(area, "Response rate (%)", "All staff", None, HIDDEN)]
    rows = [(area, "Response rate (%)", "All staff", survey.get("response_rate_pct"), "")]
    for score in survey.get("scores") or []:
        hidden = score.get("suppressed")
        rows.append(
            (
                area,
                f"{score['label']} (mean)",
                "All staff",
                None if hidden else score.get("mean"),
                HIDDEN if hidden else "",
            )
        )
    return rows


def _other_rows(section: dict) -> list[tuple]:
    rows = []
    actions = section.get("actions")
    for key, label in (("open", "Open"), ("done", "Done"), ("overdue", "Overdue")):
        value = None if actions is None else actions.get(key)
        rows.append(
            ("You said, we did", f"Actions {label.lower()}", "", value, "" if actions else MISSING)
        )
    pledges = section.get("pledges")
    for status, label in (
        ("on_track", "on track"),
        ("at_risk", "at risk"),
        ("off_track", "off track"),
        ("not_measured", "not measured"),
    ):
        value = None if pledges is None else sum(p.get("status") == status for p in pledges)
        rows.append(
            (
                "Charter pledges",
                f"Pledges {label}",
                "",
                value,
                "" if pledges is not None else MISSING,
            )
        )
    people = section.get("people")
    for key, label in PEOPLE_LABELS:
        value = None if people is None else people.get(key)
        note = MISSING if people is None else (HIDDEN if value is None else "")
        rows.append(("People", label, "", value, note))
    return rows


def pivot_rows(report: TermlyReport, figures: dict) -> list[list]:
    figures = for_export(figures)
    term = term_in_words(figures["term"])
    out = []
    scopes = [(TRUST_NAME, "", figures["trust"])] + [
        (s["name"], s["urn"], s) for s in figures["schools"]
    ]
    for name, urn, section in scopes:
        rows = _absence_rows(section.get("absence"), "All staff")
        for group, group_name in GROUP_NAMES.items():
            by_group = section.get("absence_by_role_group")
            if by_group is not None:
                rows += _absence_rows(by_group.get(group), group_name)
        rows += _survey_rows(section) + _other_rows(section)
        for area, figure, group, value, note in rows:
            cell = "" if value is None else value
            out.append([term, figures["version"], name, urn, area, figure, group, cell, note])
    return out


def report_pivot_csv(report: TermlyReport, figures: dict | None = None) -> str:
    out = io.StringIO()
    writer = csv_safe_writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(pivot_rows(report, figures or report.figures))
    return out.getvalue()
