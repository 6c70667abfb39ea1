"""A new figure of the termly report is the owning app's function plus one registration: the
report stores it for the trust and each school, shows it on the report page and exports it."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from common import report_feeds
from common.report_feeds import ReportPart, register_report_part
from dashboards.models import TermlyReport
from tests.absence.world import SUMMER, terms


def _meetings_held(*, term, school, today):
    """A stand-in for an app's selector: rows for the school, a dict of counts for the trust."""
    if school is None:
        return {"meetings_held": 7, "overran": 1}
    return [{"kind": "staff meeting", "held": 3}, {"kind": "briefing", "held": 2}]


@pytest.fixture
def meetings_part():
    part = ReportPart(key="meetings_held", label="Meetings held this term", figures=_meetings_held)
    register_report_part(part)
    yield part
    report_feeds._PARTS.pop(part.key)


@pytest.mark.django_db
def test_a_registered_part_is_stored_shown_and_exported(cast, client_for, meetings_part):
    terms()
    call_command("build_termly_report", "--term", SUMMER)
    report = TermlyReport.objects.get(term_key=SUMMER)
    assert report.figures["trust"]["meetings_held"] == {"meetings_held": 7, "overran": 1}
    assert {s["urn"]: s["meetings_held"][0]["held"] for s in report.figures["schools"]} == {
        cast.school_a.urn: 3,
        cast.school_b.urn: 3,
    }
    client = client_for(cast.trustee)
    page = client.get(reverse("dashboards:report", args=[report.pk])).content.decode()
    assert page.count(">Meetings held this term</h3>") == 3  # the trust and both schools
    assert "Staff meeting" not in page and "staff meeting" in page and "Overran" in page
    exported = json.loads(client.get(reverse("dashboards:report_json", args=[report.pk])).content)
    assert exported["trust"]["meetings_held"]["overran"] == 1
    csv = client.get(reverse("dashboards:report_csv", args=[report.pk])).content.decode()
    assert f"{SUMMER},1,,,meetings_held,,overran,1" in csv


@pytest.mark.django_db
def test_a_report_built_before_the_part_existed_shows_without_it(cast, client_for):
    terms()
    call_command("build_termly_report", "--term", SUMMER)
    report = TermlyReport.objects.get(term_key=SUMMER)
    part = ReportPart(key="meetings_held", label="Meetings held this term", figures=_meetings_held)
    register_report_part(part)
    try:
        page = client_for(cast.trustee).get(reverse("dashboards:report", args=[report.pk]))
    finally:
        report_feeds._PARTS.pop(part.key)
    assert page.status_code == 200 and "Meetings held this term" not in page.content.decode()
