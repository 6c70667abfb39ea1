"""The termly report: built by a real worker, kept as a fixed versioned record, exported exactly."""

import json
import subprocess
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from absence.selectors import FIGURE_KEYS
from dashboards import services
from dashboards.exports import report_csv
from dashboards.models import ReportBuild, TermlyReport
from dashboards.tasks import REPORT_RETRIES, report_build_task
from people.models import Role
from tests.absence.world import SUMMER, hand_made_school, person
from tests.dashboards.packs import committee_pack
from tests.factories import RoleAssignmentFactory, UserFactory

TOP_KEYS = {"term", "version", "built_at", "min_group_size", "trust", "schools"}
TRUST_KEYS = {
    "absence",
    "absence_previous_term",
    "absence_same_term_last_year",
    "surveys",
    "actions",
    "pledges",
    "people",
}
SCHOOL_KEYS = {
    "urn",
    "name",
    "absence",
    "absence_by_role_group",
    "surveys",
    "actions",
    "pledges",
    "people",
}


def _world():
    school = hand_made_school(min_group_size=3)
    person(school, role_group="support")
    person(school, role_group="support")  # three support staff: role groups shown
    return school


@pytest.mark.django_db
def test_the_export_has_exactly_the_interfaces_shape(capsys):
    _world()
    call_command("build_termly_report", "--term", SUMMER)
    call_command("export_report", "--term", SUMMER, "--format", "json")
    exported = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert set(exported) == TOP_KEYS
    assert set(exported["trust"]) == TRUST_KEYS
    assert set(exported["schools"][0]) == SCHOOL_KEYS
    assert set(exported["trust"]["absence"]) == {*FIGURE_KEYS, "suppressed"}
    school = exported["schools"][0]
    assert school["absence"]["sickness_days_lost"] == 37.5
    assert school["absence"]["absence_rate_pct"] == round(100 * 37.5 / (231 + 2 * 64), 2)
    assert school["absence_by_role_group"]["teaching"]["sickness_days_lost"] == 37.5
    assert exported["trust"]["absence_previous_term"]["sickness_days_lost"] == 37.5
    assert exported["trust"]["absence_same_term_last_year"] is None  # no dates for 2024-25
    assert exported["trust"]["actions"] == {"open": 0, "done": 0, "overdue": 0}
    assert set(exported["trust"]["people"]) >= {"starters", "leavers", "turnover_pct"}


@pytest.mark.django_db
def test_rebuilding_makes_a_new_version_and_keeps_the_old():
    _world()
    call_command("build_termly_report", "--term", SUMMER)
    call_command("build_termly_report", "--term", SUMMER)
    assert list(
        TermlyReport.objects.filter(term_key=SUMMER)
        .values_list("version", flat=True)
        .order_by("version")
    ) == [1, 2]


@pytest.mark.django_db
def test_a_bad_term_is_refused_clearly():
    with pytest.raises(CommandError, match="not a term"):
        call_command("build_termly_report", "--term", "autumn-2025")
    with pytest.raises(CommandError, match="no report has been built"):
        call_command("export_report", "--term", "2025-26-autumn", "--format", "json")


@pytest.mark.django_db
def test_a_failed_build_keeps_its_error_and_writes_no_report(monkeypatch):
    _world()

    def broken(**kwargs):
        raise RuntimeError("surveys table is locked")

    monkeypatch.setattr(services, "report_contents", broken)
    build = ReportBuild.objects.create(term_key=SUMMER)
    with pytest.raises(RuntimeError):
        services.report_build(build_id=build.pk, final_attempt=False)
    build.refresh_from_db()
    assert build.status == ReportBuild.Status.RETRYING
    assert "surveys table is locked" in build.error
    # The last retry gives up quietly and leaves the build failed, with its error for HR.
    result = report_build_task.apply(kwargs={"job_id": build.pk}, retries=REPORT_RETRIES)
    assert result.result is None
    build.refresh_from_db()
    assert build.status == ReportBuild.Status.FAILED
    assert build.attempts == 2
    assert "surveys table is locked" in build.error
    assert not TermlyReport.objects.exists()


@pytest.mark.django_db
def test_the_csv_has_a_row_per_figure():
    _world()
    call_command("build_termly_report", "--term", SUMMER)
    text = report_csv(TermlyReport.objects.get())
    assert text.splitlines()[0] == "term,version,school_urn,school_name,part,group,key,value"
    assert f"{SUMMER},1,200001,Ash School,absence,,sickness_days_lost,37.5" in text


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_report_and_the_pdf_shows_the_trust_figures(
    celery_worker, tmp_path, client
):
    """The report build and then the committee pack, each made by the worker, not the test."""
    _world()
    from django.db import transaction

    with transaction.atomic():
        build = services.report_request(term_key=SUMMER, trigger="hr")
    import time

    for _ in range(120):
        build.refresh_from_db()
        if build.status in (ReportBuild.Status.DONE, ReportBuild.Status.FAILED):
            break
        time.sleep(0.25)
    assert build.status == ReportBuild.Status.DONE, build.error
    report = build.report
    trust = report.figures["trust"]["absence"]
    pdf = tmp_path / "report.pdf"
    trustee = RoleAssignmentFactory(user=UserFactory(), role=Role.TRUSTEE, school=None).user
    client.force_login(trustee)
    pdf.write_bytes(committee_pack(client, report))
    made = report.packs.get()  # sent to the broker (not eager here) and made by the worker
    assert made.dispatched_at and made.attempts == 1 and made.pdf_size == pdf.stat().st_size
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "People committee pack\nStaff wellbeing: Summer term 2026" in text
    assert "Absence rate (%)" in text
    assert str(trust["absence_rate_pct"]) in text
    assert str(trust["sickness_days_lost"]) in text
    assert str(trust["headcount"]) in text


@pytest.mark.django_db
def test_the_schedule_builds_the_report_the_day_after_a_term_ends():
    _world()
    assert services.reports_for_ended_terms(today=date(2026, 7, 17)) == []
    queued = services.reports_for_ended_terms(today=date(2026, 7, 18))
    assert len(queued) == 1
    assert ReportBuild.objects.get(pk=queued[0]).term_key == SUMMER
    assert services.reports_for_ended_terms(today=date(2026, 7, 18)) == []  # only once


@pytest.mark.django_db
def test_a_build_that_fails_inline_is_shown_failed_not_an_error_page(
    monkeypatch, client, django_capture_on_commit_callbacks
):
    """With no broker (the embedded default) the build runs inside HR's request: a failure is not
    retried behind their back, and they land on the build page with its reason and Retry."""
    _world()

    def broken(**kwargs):
        raise RuntimeError("surveys table is locked")

    monkeypatch.setattr(services, "report_contents", broken)
    hr = UserFactory()
    RoleAssignmentFactory(user=hr, role=Role.HR, school=None)
    client.force_login(hr)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post("/dashboards/reports/build/", {"term": SUMMER})
    build = ReportBuild.objects.get()
    assert build.status == ReportBuild.Status.FAILED and build.attempts == 1
    page = client.get(asked["Location"]).content.decode()
    assert "The build failed:" in page and "surveys table is locked" in page
    assert "Try the build again" in page
    assert not TermlyReport.objects.exists()
