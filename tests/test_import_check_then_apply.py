"""Imports check first: a check lists who would be added, changed and made a leaver (staff) or the
spells per person (absence), writes nothing and keeps the file for 24 hours; "Apply these changes"
applies exactly that file without a new upload, and is refused once the check expired (its bytes
then gone) or when the records changed after the check."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from absence.models import AbsenceRecord
from notifications.outbox import outbox_sweep
from people.models import AbsenceImport, StaffMember
from tests.absence.world import person
from tests.people.helpers import GOOD, staff_csv

pytestmark = pytest.mark.django_db
STAFF_URL = reverse("people:staff_import")
ABSENCE_URL = reverse("absence:import")
ABSENCE_HEADER = (
    "record_id,staff_id,start_date,end_date,category,reason,start_half_day,end_half_day"
)


def _check(client, url, text, name="file.csv"):
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(url, {"file": upload, "dry_run": "on"}, follow=True)


def _existing_staff(cast):
    """T001 already employed (to be changed), T003 employed (to become a leaver)."""
    first = staff_csv(
        "T001,ann.teacher@example.org,Ann,Teacher,100001,teaching,Maths,1,,2019-09-01,",
        "T003,cat.central@example.org,Cat,Central,,support,HR,0.8,,2020-01-06,",
    )
    from people.services import staff_import

    staff_import(data=first, send_invitations=False)


NEXT = staff_csv(
    "T001,ann.teacher@example.org,Ann,Teacher,100001,teaching,Science,1,,2019-09-01,",
    "T002,bob.support@example.org,Bob,Support,100001,support,Office,0.6,Mon Tue Wed,01/09/2021,",
    "T003,cat.central@example.org,Cat,Central,,support,HR,0.8,,2020-01-06,2026-10-23",
)


def test_the_upload_form_checks_first_by_default(cast, client_for):
    page = client_for(cast.hr).get(STAFF_URL).content.decode()
    assert 'name="dry_run"' in page
    assert "checked" in page.split('name="dry_run"')[1].split(">")[0]


def test_a_staff_check_lists_the_changes_and_writes_nothing(cast, client_for):
    _existing_staff(cast)
    before = list(StaffMember.objects.order_by("pk").values_list("staff_id", "department"))

    response = _check(client_for(cast.hr), STAFF_URL, NEXT)

    page = response.content.decode()
    job = AbsenceImport.objects.get()
    assert response.redirect_chain[-1][0] == reverse("people:staff_import_status", args=[job.pk])
    assert job.changes["staff"] == {
        "added": ["Bob Support (T002)"],
        "changed": ["Ann Teacher (T001)"],
        "leavers": ["Cat Central (T003)"],
    }
    assert "Would be added (1)" in page and "Bob Support (T002)" in page
    assert "Would be changed (1)" in page and "Ann Teacher (T001)" in page
    assert "Would be made leavers" in page and "Cat Central (T003)" in page
    assert "Apply these changes" in page and "Checked, nothing changed: 100% done" in page
    assert list(StaffMember.objects.order_by("pk").values_list("staff_id", "department")) == before
    assert StaffMember.objects.get(staff_id="T003").user.is_active
    assert bytes(job.data) == NEXT.encode()


def test_applying_uses_the_kept_file_without_a_new_upload(cast, client_for):
    _existing_staff(cast)
    client = client_for(cast.hr)
    _check(client, STAFF_URL, NEXT)
    job = AbsenceImport.objects.get()

    response = client.post(reverse("people:staff_import_apply", args=[job.pk]), follow=True)

    job.refresh_from_db()
    assert job.status == "done" and not job.dry_run
    assert job.summary.startswith("1 staff were added, 2 updated")
    assert bytes(job.data) == b"" and job.kept_until is None
    assert StaffMember.objects.get(staff_id="T001").department == "Science"
    assert StaffMember.objects.filter(staff_id="T002").exists()
    assert not StaffMember.objects.get(staff_id="T003").user.is_active
    page = response.content.decode()
    assert "Apply these changes" not in page and "Added (1)" in page
    # Applying twice does nothing more.
    again = client.post(reverse("people:staff_import_apply", args=[job.pk]), follow=True)
    assert "can no longer be applied" in again.content.decode()


def test_an_expired_check_cannot_be_applied_and_its_bytes_are_gone(cast, client_for):
    client = client_for(cast.hr)
    _check(client, STAFF_URL, GOOD)
    job = AbsenceImport.objects.get()

    assert job.kept_until == job.finished_at + timedelta(hours=24)
    # 24 hours on (moved back in the row: the signed-in session would not last the journey).
    AbsenceImport.objects.filter(pk=job.pk).update(kept_until=timezone.now() - timedelta(seconds=1))

    response = client.post(reverse("people:staff_import_apply", args=[job.pk]), follow=True)

    job.refresh_from_db()
    assert bytes(job.data) == b"" and job.kept_until is None and job.dry_run
    assert "can no longer be applied" in response.content.decode()
    assert "Apply these changes</button>" not in response.content.decode()
    assert not StaffMember.objects.filter(staff_id="T001").exists()


def test_the_sweep_deletes_expired_checked_files_only(cast, client_for):
    client = client_for(cast.hr)
    _check(client, STAFF_URL, GOOD)
    old = AbsenceImport.objects.get()
    _check(client, STAFF_URL, GOOD)
    fresh = AbsenceImport.objects.exclude(pk=old.pk).get()
    # The first check as if made 23 hours before the second.
    AbsenceImport.objects.filter(pk=old.pk).update(kept_until=old.kept_until - timedelta(hours=23))

    done = outbox_sweep(now=timezone.now() + timedelta(hours=2))

    assert done["checked_files_deleted"] == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert bytes(old.data) == b"" and bytes(fresh.data) == GOOD.encode()


def test_applying_is_refused_when_staff_changed_after_the_check(cast, client_for):
    client = client_for(cast.hr)
    _check(client, STAFF_URL, GOOD)
    job = AbsenceImport.objects.get()
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        staff = StaffMember.objects.get(user=cast.hr)
        staff.department = "People"
        staff.save()
        client.post(reverse("people:staff_import_apply", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == "failed" and "changed after" in job.summary
    assert not StaffMember.objects.filter(staff_id="T001").exists()


def test_a_check_with_problems_keeps_nothing_and_shows_lines(cast, client_for):
    bad = GOOD.replace("Bob,Support,100001,support", "Bob,Support,100001,janitor")

    response = _check(client_for(cast.hr), STAFF_URL, bad)

    assert "line 3, column role_group" in response.content.decode()
    assert not AbsenceImport.objects.exists()


def test_an_absence_check_counts_spells_per_person_then_applies(cast, client_for):
    school = cast.school_a
    person(school, staff_id="P1", start_date=date(2020, 9, 1))
    person(school, staff_id="P2", start_date=date(2020, 9, 1))
    from absence.services import absence_import

    absence_import(data=f"{ABSENCE_HEADER}\nA1,P1,2025-10-06,2025-10-08,SIC,,,\n")
    text = "\n".join(
        [
            ABSENCE_HEADER,
            "A1,P1,2025-10-06,2025-10-09,SIC,,,",
            "A2,P1,2025-11-03,2025-11-03,TRN,,,",
            "A3,P2,2025-11-03,2025-11-04,SIC,,,",
        ]
    )
    client = client_for(cast.hr)

    page = _check(client, ABSENCE_URL, text).content.decode()

    job = AbsenceImport.objects.get()
    names = {row["name"].split(" (")[1]: row for row in job.changes["absence"]}
    assert (names["P1)"]["added"], names["P1)"]["changed"]) == (1, 1)
    assert (names["P2)"]["added"], names["P2)"]["changed"]) == (1, 0)
    assert "Absence spells that would change, per person" in page
    assert AbsenceRecord.objects.count() == 1

    client.post(reverse("absence:import_apply", args=[job.pk]))

    assert AbsenceRecord.objects.count() == 3
    assert AbsenceRecord.objects.get(record_id="A1").end_date == date(2025, 10, 9)


@pytest.mark.parametrize("role", ["staff_a", "head_a", "governor_a", "trustee"])
def test_only_hr_may_apply_a_check(cast, client_for, role):
    _check(client_for(cast.hr), STAFF_URL, GOOD)
    job = AbsenceImport.objects.get()

    response = client_for(cast.user(role)).post(reverse("people:staff_import_apply", args=[job.pk]))

    assert response.status_code == 403
    assert not StaffMember.objects.filter(staff_id="T001").exists()


def test_a_large_file_checked_by_the_worker_is_kept_and_applied_by_the_worker(
    cast, client_for, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_BACKGROUND_ROWS = 3  # GOOD has three rows
    client = client_for(cast.hr)
    with django_capture_on_commit_callbacks(execute=True):
        _check(client, STAFF_URL, GOOD)
    job = AbsenceImport.objects.get()
    assert job.status == "done" and job.dry_run and bytes(job.data) == GOOD.encode()
    assert job.changes["staff"]["added"] == [
        "Ann Teacher (T001)",
        "Bob Support (T002)",
        "Cat Central (T003)",
    ]
    assert not StaffMember.objects.filter(staff_id="T001").exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:staff_import_apply", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == "done" and not job.dry_run and bytes(job.data) == b""
    assert StaffMember.objects.filter(staff_id__in=["T001", "T002", "T003"]).count() == 3
