import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people.models import StaffMember
from tests.people.helpers import GOOD

pytestmark = pytest.mark.django_db
URL = reverse("people:staff_import")


def _upload(client, text, dry_run=False):
    data = {"file": SimpleUploadedFile("staff.csv", text.encode(), content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(URL, data, follow=True)


def test_hr_imports_a_good_file_and_lands_on_the_staff_list(cast, client_for):
    response = _upload(client_for(cast.hr), GOOD)

    assert response.redirect_chain[-1][0] == reverse("people:staff_list")
    assert "3 staff were added" in response.content.decode()
    assert StaffMember.objects.filter(staff_id__in=["T001", "T002", "T003"]).count() == 3


def test_a_bad_row_shows_its_line_and_column_and_nothing_is_imported(cast, client_for):
    bad = GOOD.replace("Bob,Support,100001,support", "Bob,Support,100001,janitor")

    response = _upload(client_for(cast.hr), bad)

    page = response.content.decode()
    assert "Nothing was imported: 1 problem found" in page
    assert "line 3, column role_group: &#x27;janitor&#x27; is not one of: teaching, support" in page
    assert not StaffMember.objects.filter(staff_id="T001").exists()


def test_the_same_file_twice_reports_everything_unchanged(cast, client_for):
    client = client_for(cast.hr)
    _upload(client, GOOD)

    response = _upload(client, GOOD)

    assert "0 staff were added, 0 updated, 3 unchanged" in response.content.decode()


def test_check_only_writes_nothing_and_shows_the_check(cast, client_for):
    response = _upload(client_for(cast.hr), GOOD, dry_run=True)

    assert response.redirect_chain[-1][0].startswith(URL)
    assert "3 staff would be added" in response.content.decode()
    assert "Apply these changes" in response.content.decode()
    assert not StaffMember.objects.filter(staff_id="T001").exists()


def test_an_upload_without_a_file_asks_for_one(cast, client_for):
    response = client_for(cast.hr).post(URL, {})

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()


@pytest.mark.parametrize("role", ["staff_a", "head_a", "governor_a", "trustee"])
def test_only_hr_may_post_an_import(cast, client_for, role):
    response = _upload(client_for(cast.user(role)), GOOD)

    assert response.status_code == 403
    assert not StaffMember.objects.filter(staff_id="T001").exists()
