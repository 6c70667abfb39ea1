"""One source of truth: a figure reads the same on the dashboard, the report page and exports."""

import csv
import io
import json
import subprocess
from datetime import date

import pytest
from django.urls import reverse

from dashboards.exports import report_csv, report_json
from dashboards.models import TermlyReport
from dashboards.pivot_csv import report_pivot_csv
from tests.absence.world import SUMMER, spell
from tests.board.world import built
from tests.dashboards.packs import committee_pack

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
    pdf.write_bytes(committee_pack(client_for(cast.trustee), report))
    pdf_text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"{rate:.2f}%" in pdf_text or str(rate) in pdf_text


def _meeting(school, organiser, day: date, *, overran: int = 0):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from workload.models import Meeting

    start = datetime(day.year, day.month, day.day, 15, 45, tzinfo=ZoneInfo("Europe/London"))
    return Meeting.objects.create(
        school=school,
        title="Phase meeting",
        purpose="Plan",
        agenda="1. Phonics",
        organiser=organiser,
        starts_at=start,
        ends_at=start.replace(hour=16, minute=30),
        overran_minutes=overran,
    )


def test_meetings_figure_and_meeting_pledge_count_the_same_meetings(cast, client_for):
    """The report's workload "Meetings" and the meeting pledge's "n of N" are one count: both
    are the report's term, even when the report is built later, in another term."""
    from school_calendar.models import Term
    from tests.charters.helpers import published_charter

    published_charter(
        cast.hr,
        pledges=[
            (
                "Time",
                [
                    {
                        "commitment": "Meetings end on time.",
                        "measure_key": "meetings_overran_this_term",
                    }
                ],
            )
        ],
    )
    Term.objects.create(  # the clock's term: the report on summer is built in the autumn
        academic_year="2026-27",
        term="autumn",
        first_day=date(2026, 9, 2),
        last_day=date(2026, 12, 18),
        half_term_first_day=date(2026, 10, 26),
        half_term_last_day=date(2026, 10, 30),
    )
    _meeting(cast.school_a, cast.head_a, date(2026, 5, 5), overran=10)
    _meeting(cast.school_a, cast.head_a, date(2026, 6, 9))
    for day in (date(2026, 9, 8), date(2026, 9, 15), date(2026, 10, 6)):  # autumn: not summer's
        _meeting(cast.school_a, cast.head_a, day)
    built(cast)
    report = TermlyReport.objects.get(term_key=SUMMER)

    exported = json.loads(report_json(report))
    school = next(s for s in exported["schools"] if s["urn"] == cast.school_a.urn)
    assert report.details["schools"][cast.school_a.urn]["workload"]["meetings"] == 2
    [pledge] = [p for p in school["pledges"] if p["pledge"] == "1.1 Meetings end on time."]
    assert "Meetings that overran this term: 1 of 2 " in pledge["evidence"]

    page = (
        client_for(cast.governor_a)
        .get(reverse("dashboards:report", args=[report.pk]))
        .content.decode()
    )
    assert "1 of 2" in page and "1 of 5" not in page
