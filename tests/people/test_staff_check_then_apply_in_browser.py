"""In Chromium: HR checks a staff file (check only is the default), reads who would be added,
changed and made a leaver, and applies the checked file with one button, choosing nothing again."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from people.models import StaffMember
from people.services import staff_import
from tests.browser import assert_accessible, login
from tests.people.helpers import staff_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_checks_a_staff_file_then_applies_it(cast, page, live_server, tmp_path):
    staff_import(
        data=staff_csv(
            "T001,ann.teacher@example.org,Ann,Teacher,100001,teaching,Maths,1,,2019-09-01,",
            "T003,cat.central@example.org,Cat,Central,,support,HR,0.8,,2020-01-06,",
        ),
        send_invitations=False,
    )
    upload = tmp_path / "staff.csv"
    upload.write_text(
        staff_csv(
            "T001,ann.teacher@example.org,Ann,Teacher,100001,Teaching,Science,1,,2019-09-01,",
            "T002,bob.support@example.org,Bob,Support,100001,support,Office,0.6,,2021-09-01,",
            "T003,cat.central@example.org,Cat,Central,,support,HR,0.8,,2020-01-06,2026-10-23",
        )
    )
    login(page, "hr@example.org")
    page.goto(live_server.url + reverse("people:staff_import"))
    assert page.get_by_label("Check only (change nothing)").is_checked()

    page.get_by_label("CSV file or XLSX workbook").set_input_files(str(upload))
    page.get_by_role("button", name="Upload").click()

    main = page.locator("main")
    assert "Check only: 1 staff would be added" in main.inner_text()
    expect(main.get_by_role("heading", name="Would be added (1)")).to_be_visible()
    assert "Bob Support (T002)" in main.inner_text()
    assert "Ann Teacher (T001)" in main.inner_text()
    assert "Cat Central (T003)" in main.inner_text()
    assert not StaffMember.objects.filter(staff_id="T002").exists()
    assert StaffMember.objects.get(staff_id="T001").department == "Maths"
    assert_accessible(page)

    page.get_by_role("button", name="Apply these changes").click()

    assert "1 staff were added" in main.inner_text()
    expect(main.get_by_role("heading", name="Added (1)")).to_be_visible()
    assert page.get_by_role("button", name="Apply these changes").count() == 0
    assert StaffMember.objects.get(staff_id="T001").department == "Science"
    assert StaffMember.objects.filter(staff_id="T002").exists()
    assert not StaffMember.objects.get(staff_id="T003").user.is_active
    assert_accessible(page)
