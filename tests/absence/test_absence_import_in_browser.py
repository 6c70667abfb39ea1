"""In Chromium: HR uploads a hostile absence file, reads what is wrong, then checks a workbook
(the default), reads the spells per person, and applies the checked file without choosing it
again."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from absence.models import AbsenceRecord
from tests.browser import assert_accessible, login
from tests.factories import StaffMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ["record_id", "staff_id", "start_date", "end_date", "category"]


def test_hr_sees_a_hostile_files_problems_then_imports_an_xlsx(cast, page, live_server, tmp_path):
    StaffMemberFactory(staff_id="P1", school=cast.school_a, start_date=date(2020, 9, 1))
    login(page, "hr@example.org")
    page.goto(live_server.url + reverse("absence:import"))
    assert "Windows-1252" in page.get_by_text("Up to 50 MB and 200 columns").inner_text()

    hostile = tmp_path / "absence.csv"
    hostile.write_bytes(
        b"record_id,staff_id,start_date,end_date,category,staff_id\n"
        b"A1,P1,2025-10-06,2025-10-06,SIC,P1\n"
    )
    page.get_by_label("CSV file or XLSX workbook").set_input_files(str(hostile))
    page.get_by_role("button", name="Import").click()
    problems = page.locator("#import-problems").inner_text()
    assert "line 1, column staff_id: is named more than once: columns 2 (B) and 6 (F)" in problems
    assert_accessible(page)

    book = openpyxl.Workbook()
    book.active.title = "Absence"
    book.active.append(HEADER)
    book.active.append(["A1", "P1", date(2025, 10, 6), date(2025, 10, 7), "SIC"])
    out = io.BytesIO()
    book.save(out)
    workbook = tmp_path / "absence.xlsx"
    workbook.write_bytes(out.getvalue())
    page.get_by_label("CSV file or XLSX workbook").set_input_files(str(workbook))
    assert page.get_by_label("Check only (change nothing)").is_checked()
    page.get_by_role("button", name="Import").click()
    main = page.inner_text("main")
    assert "Read from the first sheet (Absence) of the workbook." in main
    assert "Check only: 1 absence record(s) would be added" in main
    row = page.get_by_role("row", name="(P1)").inner_text()
    assert row.split("\t")[1:] == ["1", "0", "0"]
    assert not AbsenceRecord.objects.exists()
    assert_accessible(page)

    page.get_by_role("button", name="Apply these changes").click()
    assert "1 absence record(s) were added" in page.inner_text("main")
    assert page.get_by_role("button", name="Apply these changes").count() == 0
    assert AbsenceRecord.objects.get(record_id="A1").end_date == date(2025, 10, 7)
