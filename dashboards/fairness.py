"""Fair comparisons for a built report: an unfinished term is marked and not set against whole
terms, and year-to-date figures are set against England's whole-year figures pro rata or labelled.
"""

from dashboards.board import term_progress
from dashboards.models import TermlyReport
from people.term_words import terms_in_words

TERMS_IN_YEAR = 3
# Sentences of the stored summary that set this term against earlier ones.
_COMPARING = ("Compared with", "The biggest change", "points on the previous term")


def report_fairness(report: TermlyReport, sections: dict) -> dict:
    """What the report's page and PDF need to compare fairly (sections: report_sections(...))."""
    progress = term_progress(report)
    in_progress = not progress["finished"]
    summary = sections.get("summary") or []
    if in_progress:
        summary = [line for line in summary if not any(part in line for part in _COMPARING)]
    ytd_terms = sections.get("ytd_terms") or []
    share = len(ytd_terms) / TERMS_IN_YEAR if ytd_terms else None
    national = []
    for row in sections.get("national_rows") or []:
        pro_rata = None
        if row["label"] == "Days lost per teacher" and share and row["national"] is not None:
            pro_rata = round(row["national"] * share, 2)
        national.append({**row, "pro_rata": pro_rata})
    return {
        "in_progress": in_progress,
        "built_on": progress["built_on"],
        "last_day": progress["last_day"],
        "summary": summary,
        "national_rows": national,
        "ytd_words": terms_in_words(ytd_terms),
        "ytd_terms": len(ytd_terms),
        "whole_year": len(ytd_terms) == TERMS_IN_YEAR and not in_progress,
    }
