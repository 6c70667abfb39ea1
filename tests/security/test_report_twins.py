"""A governor's copy of the termly report (page, PDF, CSV, JSON) holds only their own school."""

import subprocess
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from dashboards.models import TermlyReport
from tests.absence.world import SUMMER, spell, terms
from tests.dashboards.packs import committee_pack
from tests.factories import StaffMemberFactory


@pytest.fixture
def report(cast):
    """Both schools above the minimum group size; only Birch Academy's absence moved."""
    terms()
    for school in (cast.school_a, cast.school_b, None):  # None: central staff
        for _ in range(5):
            StaffMemberFactory(school=school)
    spell(cast.staff_b.staff_member, "B1", date(2026, 5, 4), date(2026, 5, 8))
    call_command("build_termly_report", "--term", SUMMER)
    built = TermlyReport.objects.get(term_key=SUMMER)
    assert any("Birch Academy" in line for line in built.details["summary"]), built.details[
        "summary"
    ]
    return built


def test_a_governor_does_not_see_another_school_named_on_the_report_page(cast, client_for, report):
    page = client_for(cast.governor_a).get(reverse("dashboards:report", args=[report.pk]))
    assert page.status_code == 200
    assert "Alder Primary School" in page.content.decode()
    assert "Birch Academy" not in page.content.decode()


def test_a_governor_does_not_see_another_school_named_in_the_report_pdf(
    cast, client_for, report, tmp_path
):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(committee_pack(client_for(cast.governor_a), report))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Alder Primary School" in text
    assert "Birch Academy" not in text


@pytest.mark.parametrize("name", ["dashboards:report_csv", "dashboards:report_json"])
def test_a_governor_download_holds_only_their_school(cast, client_for, report, name):
    response = client_for(cast.governor_a).get(reverse(name, args=[report.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "100001" in body
    assert "100002" not in body
    assert "Birch Academy" not in body


def test_a_trustee_still_reads_the_summary_naming_the_school_that_changed(cast, client_for, report):
    page = client_for(cast.trustee).get(reverse("dashboards:report", args=[report.pk]))
    assert "The biggest change was at Birch Academy" in page.content.decode()
