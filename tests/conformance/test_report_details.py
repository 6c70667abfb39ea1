"""The report's on-screen/PDF details carry trust-wide exit reasons and "made a difference"
totals, which are not part of the exported JSON (docs/figures.md)."""

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from dashboards.models import TermlyReport
from people.models import RoleGroup, Trust
from support.models import ExitAnswer
from tests.absence.world import SUMMER, terms

pytestmark = pytest.mark.django_db


def _answers(cast, count):
    for i in range(count):
        ExitAnswer.objects.create(
            school=cast.school_a,
            role_group=RoleGroup.TEACHING,
            answered_on=date(2026, 5, 1),
            reasons=["workload", "pay"] if i % 2 else ["workload"],
            kept_by=[],
        )


def test_exit_reasons_and_difference_are_in_the_details_and_page_not_the_json(
    cast, client_for, capsys
):
    terms()
    _answers(cast, Trust.current().min_group_size)
    call_command("build_termly_report", "--term", SUMMER)
    report = TermlyReport.objects.get(term_key=SUMMER)
    exits = report.details["exit_reasons"]
    assert exits["suppressed"] is False and exits["answers"] == Trust.current().min_group_size
    assert exits["reasons"][0] == {"label": "Workload", "count": exits["answers"], "pct": 100.0}
    assert report.details["difference"] == {
        "actions": 0,
        "made_difference": 0,
        "made_no_difference": 0,
        "suppressed": False,
    }
    page = client_for(cast.hr).get(reverse("dashboards:report", args=[report.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Why leavers left" in html and "Workload" in html
    assert "Did the actions make a difference?" in html
    capsys.readouterr()
    call_command("export_report", "--term", SUMMER, "--format", "json")
    exported = capsys.readouterr().out
    assert "exit_reasons" not in exported and "made_difference" not in exported
    assert "difference" not in json.loads(exported)["trust"]


def test_few_exit_answers_are_hidden(cast, client_for):
    terms()
    _answers(cast, Trust.current().min_group_size - 1)
    call_command("build_termly_report", "--term", SUMMER)
    report = TermlyReport.objects.get(term_key=SUMMER)
    assert report.details["exit_reasons"]["suppressed"] is True
    assert report.details["exit_reasons"]["reasons"] == []
    html = client_for(cast.hr).get(reverse("dashboards:report", args=[report.pk])).content
    assert b"fewer leavers answered than the minimum group size" in html
