"""The HR upload page: small files inline, large ones on a worker with progress; named records."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from absence.models import AbsenceRecord
from people.models import AbsenceImport
from tests.absence.world import person

pytestmark = pytest.mark.django_db

CSV = (
    "record_id,staff_id,start_date,end_date,category\n"
    "A1,P9,2025-10-06,2025-10-08,SIC\nA2,P9,2025-10-09,2025-10-01,SIC\n"
)


def test_bad_rows_are_shown_by_line_on_the_page(cast, client_for):
    person(cast.school_a, staff_id="P9", start_date=date(2020, 9, 1))
    upload = SimpleUploadedFile("absence.csv", CSV.encode())
    response = client_for(cast.hr).post(reverse("absence:import"), {"file": upload})
    assert response.status_code == 200
    assert "line 3, column end_date: is before start_date" in response.content.decode()
    assert not AbsenceRecord.objects.exists()


def test_a_large_file_is_imported_in_the_background_with_progress(
    cast, client_for, settings, django_capture_on_commit_callbacks
):
    settings.ABSENCE_BACKGROUND_ROWS = 1
    person(cast.school_a, staff_id="P9", start_date=date(2020, 9, 1))
    good = "record_id,staff_id,start_date,end_date,category\nA1,P9,2025-10-06,2025-10-08,SIC\n"
    client = client_for(cast.hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("absence:import"), {"file": SimpleUploadedFile("big.csv", good.encode())}
        )
    job = AbsenceImport.objects.get()
    assert response["Location"] == reverse("absence:import_status", kwargs={"pk": job.pk})
    job.refresh_from_db()
    assert job.status == AbsenceImport.Status.DONE and AbsenceRecord.objects.count() == 1
    progress = client.get(reverse("absence:import_progress", kwargs={"pk": job.pk})).json()
    assert progress == {"status": "done", "stage": "Imported", "percent": 100}


def test_governors_see_aggregates_but_never_named_records(cast, client_for):
    assert client_for(cast.governor_a).get(reverse("absence:records")).status_code == 403
    assert client_for(cast.hr).get(reverse("absence:records")).status_code == 200
