"""One source of truth: a figure reads the same on the dashboard, the report page and exports."""

import csv
import io
import json
import subprocess
from datetime import date

import pytest
from django.urls import reverse

from dashboards.exports import report_csv, report_json, report_pdf
from dashboards.models import TermlyReport
from dashboards.pivot_csv import report_pivot_csv
from tests.absence.world import SUMMER, spell
from tests.board.world import built

pytestmark = pytest.mark.django_db


def _csv_value(text, urn, part, key):
    for row in csv.DictReader(io.StringIO(text)):
        if (row["school_urn"], row["part"], row["key"]) == (urn, part, key):
            return row["value"]
    raise AssertionError(f"no CSV row for {urn} {part} {key}")


def test_the_same_figures_on_dashboard_report_and_exports(cast, client_for, tmp_path):
    world_staff = built(cast)
    report = TermlyReport.objects.get(term_key=SUMMER)
    # Data changing after the build does not move the dashboard away from the report.
    spell(world_staff["a"][2], "LATE", date(2026, 6, 8), date(2026, 6, 12))

    exported = json.loads(report_json(report))
    school = next(s for s in exported["schools"] if s["urn"] == cast.school_a.urn)
    rate = school["absence"]["absence_rate_pct"]
    per_fte = school["absence"]["days_lost_per_fte"]
    leavers = school["people"]["leavers"]
    trust_rate = exported["trust"]["absence"]["absence_rate_pct"]
    text = report_csv(report)
    assert float(_csv_value(text, cast.school_a.urn, "absence", "absence_rate_pct")) == rate
    assert float(_csv_value(text, "", "absence", "absence_rate_pct")) == trust_rate
    assert int(_csv_value(text, cast.school_a.urn, "people", "leavers")) == leavers

    pivot = list(csv.DictReader(io.StringIO(report_pivot_csv(report))))
    row = next(
        r
        for r in pivot
        if (r["URN"], r["Figure"], r["Staff group"])
        == (cast.school_a.urn, "Absence rate (%)", "All staff")
    )
    assert float(row["Value"]) == rate and row["Term"] == "Summer term 2026"
    leavers_row = next(
        r for r in pivot if (r["URN"], r["Figure"]) == (cast.school_a.urn, "Leavers")
    )
    assert int(leavers_row["Value"]) == leavers

    governor = client_for(cast.governor_a)
    dashboard = governor.get(reverse("dashboards:school", args=[cast.school_a.urn]))
    page = dashboard.content.decode()
    assert f'<p class="tile-figure mb-1">{rate:.2f}%</p>' in page
    assert f'<p class="tile-figure mb-1">{per_fte:.2f} days</p>' in page
    assert f"lost {rate:.2f}% of available working days" in page  # the headline says the same
    report_page = governor.get(reverse("dashboards:report", args=[report.pk])).content.decode()
    assert f'<td class="text-end">{rate}</td>' in report_page

    trustee = client_for(cast.trustee).get(reverse("dashboards:trust")).content.decode()
    assert f'<p class="tile-figure mb-1">{trust_rate:.2f}%</p>' in trustee
    assert f"{rate:.2f}%<span" in trustee  # school A's row of the comparison

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report_pdf(report))
    pdf_text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"{rate:.2f}%" in pdf_text or str(rate) in pdf_text
