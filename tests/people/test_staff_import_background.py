"""Large staff files uploaded on the web go to the background job (like large absence files):
a status page with progress, the summary or the problems by line and column, Retry, and a
file refused when staff records changed after its upload."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from people import import_jobs, services
from people.models import AbsenceImport, StaffMember
from tests.people.helpers import GOOD, HEADER, staff_csv
from wellbeing_portal.jobs import job_start, jobs_expire

pytestmark = pytest.mark.django_db
URL = reverse("people:staff_import")
BAD = GOOD.replace("Bob,Support,100001,support", "Bob,Support,100001,janitor")


@pytest.fixture
def low_threshold(settings):
    settings.STAFF_BACKGROUND_ROWS = 3  # GOOD has three rows


def _post(client, text, dry_run=False):
    data = {"file": SimpleUploadedFile("staff.csv", text.encode(), content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(URL, data)


def _status_url(job):
    return reverse("people:staff_import_status", kwargs={"pk": job.pk})


def test_a_large_file_runs_as_a_job_and_its_page_shows_what_it_did(
    cast, client_for, low_threshold, django_capture_on_commit_callbacks
):
    client = client_for(cast.hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, GOOD)

    job = AbsenceImport.objects.get()
    assert response.status_code == 302 and response["Location"] == _status_url(job)
    assert (job.kind, job.status, job.rows_total) == ("staff", "done", 3)
    assert job.data == b"" and job.uploaded_by == cast.hr
    assert StaffMember.objects.filter(staff_id__in=["T001", "T002", "T003"]).count() == 3
    page = client.get(_status_url(job)).content.decode()
    assert "3 staff were added, 0 updated, 0 unchanged; 0 leaver account(s)" in page
    progress = client.get(reverse("people:staff_import_progress", kwargs={"pk": job.pk})).json()
    assert progress == {"status": "done", "stage": "Imported", "percent": 100}
    # The upload page lists it; the absence page does not.
    assert _status_url(job) in client.get(URL).content.decode()
    assert _status_url(job) not in client.get(reverse("absence:import")).content.decode()


def test_a_second_large_file_reports_updates_and_leavers(
    cast, client_for, low_threshold, django_capture_on_commit_callbacks
):
    client = client_for(cast.hr)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, GOOD)
    leaving = GOOD.replace("Mon Tue Wed,01/09/2021,", "Mon Tue Wed,01/09/2021,2026-10-23")
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        with django_capture_on_commit_callbacks(execute=True):
            _post(client, leaving)
        job = AbsenceImport.objects.order_by("-pk").first()
        page = client.get(_status_url(job)).content.decode()

    assert job.status == "done"
    assert "0 staff were added, 1 updated, 2 unchanged; 1 leaver account(s) were deactivated" in (
        page
    )
    assert not StaffMember.objects.get(staff_id="T002").user.is_active


def test_a_bad_row_fails_the_job_with_line_and_column_and_writes_nothing(
    cast, client_for, low_threshold, django_capture_on_commit_callbacks
):
    client = client_for(cast.hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, BAD)

    job = AbsenceImport.objects.get()
    assert response["Location"] == _status_url(job)
    assert job.status == "failed" and job.summary == "Nothing was imported: 1 problem(s) found."
    assert job.problems == [
        {"line": 3, "column": "role_group", "message": "'janitor' is not one of: teaching, support"}
    ]
    assert not StaffMember.objects.filter(staff_id__in=["T001", "T002", "T003"]).exists()
    page = client.get(_status_url(job)).content.decode()
    assert "line 3, column role_group: &#x27;janitor&#x27; is not one of" in page
    assert reverse("people:staff_import_retry", kwargs={"pk": job.pk}) not in page


def test_check_only_runs_in_the_background_and_writes_nothing(
    cast, client_for, low_threshold, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client_for(cast.hr), GOOD, dry_run=True)

    job = AbsenceImport.objects.get()
    assert job.dry_run and job.status == "done"
    assert job.summary.startswith("Check only: 3 staff would be added")
    assert not StaffMember.objects.filter(staff_id="T001").exists()


def test_a_file_below_the_threshold_is_still_imported_inline(cast, client_for, settings):
    settings.STAFF_BACKGROUND_ROWS = 4
    response = _post(client_for(cast.hr), GOOD)

    assert response["Location"] == reverse("people:staff_list")
    assert not AbsenceImport.objects.exists()
    assert StaffMember.objects.filter(staff_id="T001").exists()


def test_the_page_states_the_threshold(cast, client_for):
    page = client_for(cast.hr).get(URL).content.decode()

    assert "A file of 2,000 rows or more is imported in the background" in page


@pytest.mark.parametrize("role", ["staff_a", "head_a", "governor_a", "trustee"])
def test_only_staff_managers_can_start_or_retry_a_background_import(
    cast, client_for, low_threshold, role
):
    client = client_for(cast.user(role))
    assert _post(client, GOOD).status_code == 403
    assert not AbsenceImport.objects.exists()

    job = AbsenceImport.objects.create(
        kind="staff", file_name="s.csv", data=GOOD.encode(), status="failed"
    )
    retry = reverse("people:staff_import_retry", kwargs={"pk": job.pk})
    assert client.post(retry).status_code == 403
    assert AbsenceImport.objects.get(pk=job.pk).status == "failed"


def test_a_job_is_only_found_under_the_pages_of_its_own_kind(cast, client_for):
    client = client_for(cast.hr)
    absence = AbsenceImport.objects.create(file_name="a.csv", data=b"", status="done")
    staff = AbsenceImport.objects.create(kind="staff", file_name="s.csv", data=b"", status="done")

    assert client.get(_status_url(absence)).status_code == 404
    assert client.get(reverse("absence:import_status", args=[staff.pk])).status_code == 404
    assert client.get(_status_url(staff)).status_code == 200


def test_a_file_is_refused_when_staff_records_changed_after_its_upload(cast):
    job = import_jobs.import_queue(kind="staff", data=GOOD.encode(), file_name="s.csv", user=None)
    later = staff_csv(
        "T009,dan.new@example.org,Dan,New,100001,teaching,Maths,1,,2019-09-01,",
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        services.staff_import(data=later, send_invitations=False)
        job = import_jobs.import_run(import_id=job.pk)

    assert job.status == "failed" and job.summary == services.STAFF_NEWER_DATA
    assert job.data == b""
    assert not StaffMember.objects.filter(staff_id="T001").exists()
    assert import_jobs.import_run(import_id=job.pk) is None  # finished: nothing to do


def test_a_change_to_a_persons_account_details_also_counts_as_newer(cast):
    services.staff_import(data=GOOD, send_invitations=False)
    job = import_jobs.import_queue(kind="staff", data=GOOD.encode(), file_name="s.csv", user=None)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        services.staff_import(data=GOOD.replace(",Ann,", ",Anne,"), send_invitations=False)
        job = import_jobs.import_run(import_id=job.pk)

    assert job.summary == services.STAFF_NEWER_DATA
    assert StaffMember.objects.get(staff_id="T001").user.first_name == "Anne"


def test_a_job_whose_worker_stopped_can_be_retried_from_its_page(
    cast, client_for, django_capture_on_commit_callbacks
):
    client = client_for(cast.hr)
    job = AbsenceImport.objects.create(
        kind="staff", file_name="s.csv", data=GOOD.encode(), rows_total=3
    )
    started = job_start(AbsenceImport, job_id=job.pk)
    with time_machine.travel(started.deadline + timedelta(seconds=1)):
        assert jobs_expire() == 1
        page = client.get(_status_url(job)).content.decode()
        retry = reverse("people:staff_import_retry", kwargs={"pk": job.pk})
        assert started.stopped_reason in page and retry in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(retry)

    assert response["Location"] == _status_url(job)
    job.refresh_from_db()
    assert (job.status, job.generation, job.attempts) == ("done", 2, 2)
    assert StaffMember.objects.filter(staff_id__in=["T001", "T002", "T003"]).count() == 3


def test_an_xlsx_workbook_counts_its_rows_for_the_threshold():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    for n in range(4):
        sheet.append([f"T{n}", f"p{n}@example.org", "A", "B", "", "teaching", "", 1, "", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert import_jobs.count_rows(buffer.getvalue()) == 4
    assert import_jobs.count_rows(b"PK\x03\x04 not a workbook") == 0
