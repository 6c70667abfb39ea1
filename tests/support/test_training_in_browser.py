"""In Chromium: HR imports a learning platform's completions, fixes a bad file and sees the
coverage; a head sees who at their school is due; every new page passes axe."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from support.models import TrainingCompletion, TrainingProgramme
from tests.browser import assert_accessible, login, nav_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_imports_completions_and_a_head_sees_who_is_due(cast, page, terms, tmp_path):
    today = timezone.localdate()
    TrainingProgramme.objects.create(
        name="Equality, Diversity and Inclusion",
        audience="all_staff",
        starts_on=date(2026, 9, 1),
        due_within_weeks=2,
        valid_for_months=24,
    )
    done = (today - timedelta(days=10)).isoformat()
    rows = [
        cast.staff_a.staff_member.staff_id,
        cast.support_a.staff_member.staff_id,
        cast.champion_a.staff_member.staff_id,
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "staff_id,programme,completed_on\n"
        + "".join(f'{sid},"Equality, Diversity and Inclusion",{done}\n' for sid in rows)
        + "X999,EDI,yesterday\n"
    )
    good = tmp_path / "completions.csv"
    good.write_text(bad.read_text().rsplit("X999", 1)[0])

    login(page, cast.hr.email)
    nav_link(page, "Training").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Training coverage"
    page.get_by_role("link", name="Import completions").click()
    assert_accessible(page)
    page.get_by_label("Completions file (CSV or XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    problems = page.get_by_role("alert").inner_text()
    assert "line 5, column completed_on" in problems and "line 5, column staff_id" in problems
    assert not TrainingCompletion.objects.exists()

    page.get_by_label("Completions file (CSV or XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Import").click()
    assert "Imported 3 completions" in page.locator("main").inner_text()
    edi = page.get_by_role("region", name="Equality, Diversity and Inclusion")
    school_a_row = edi.get_by_role("row", name=cast.school_a.name)
    assert "60% (3 of 5)" in school_a_row.inner_text()
    assert_accessible(page)
    for path in [
        "/support/training/due/",
        "/support/training/add/",
        "/support/training/record/",
        "/support/leaders/",
        "/support/leaders/check-in/",
        "/support/leaders/new/",
        "/support/leave/",
        "/support/leave/add/",
    ]:
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert_accessible(page)

    page.context.clear_cookies()
    login(page, cast.head_a.email)
    page.goto("/support/training/due/")
    overdue = page.locator("#overdue").inner_text()
    assert cast.head_a.get_full_name() in overdue and cast.staff_b.get_full_name() not in overdue
    page.goto("/support/training/mine/")
    assert "Overdue" in page.locator("#my-training").inner_text()
    assert_accessible(page)
