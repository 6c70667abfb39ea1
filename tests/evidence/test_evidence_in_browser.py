"""In Chromium: HR uploads a message trace and reads email hours; a trustee reads the drivers."""

import pytest
from django.urls import reverse

from surveys import services
from tests.browser import assert_accessible, login
from tests.evidence.test_drivers import _round
from tests.evidence.test_email_hours import PLAIN
from tests.factories import StaffMemberFactory, UserFactory
from tests.workload.conftest import TERMS_2025_26, TERMS_2026_27, make_terms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_uploads_a_trace_and_sees_the_terms_email_hours(cast, page, live_server, tmp_path):
    make_terms(TERMS_2025_26 + TERMS_2026_27)
    for n in range(1, 6):
        StaffMemberFactory(user=UserFactory(email=f"t{n}@example.org"), school=cast.school_a)
        StaffMemberFactory(user=UserFactory(email=f"c{n}@example.org"), school=None)
    login(page, "hr@example.org")
    page.goto(live_server.url + reverse("email_hours:upload"))
    bad = tmp_path / "bad.csv"
    bad.write_text("sent_at,sender\nsoon,t1@example.org\n")
    page.get_by_label("Message trace (CSV or XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload").click()
    assert "line 2, column sent_at" in page.locator("#import-problems").inner_text()
    assert_accessible(page)
    good = tmp_path / "trace.csv"
    good.write_text(PLAIN)
    page.get_by_label("Message trace (CSV or XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Upload").click()
    assert "Counted 11 messages" in page.inner_text("main")
    page.get_by_role("link", name="See email hours by term").click()
    page.get_by_label("Term").select_option("2026-27-autumn")
    page.get_by_role("button", name="Show", exact=True).click()
    table = page.get_by_role("table").inner_text()
    assert "Whole trust" in table and "50.0%" in table
    assert_accessible(page)


def test_a_trustee_reads_drivers_with_intervals(cast, page, phone_page, live_server):
    survey_round, _valued, _extra = _round(cast)
    services.round_early_release(survey_round=survey_round)
    for tab in (page, phone_page):
        login(tab, "trustee@example.org")
        tab.goto(live_server.url + reverse("surveys:drivers", args=[survey_round.slug]))
        assert "Association is not cause" in tab.inner_text("main")
        tab.get_by_label("Outcome").select_option(label="Worthwhile")
        tab.get_by_role("button", name="Show", exact=True).click()
        scores = tab.get_by_role("table").first.inner_text()
        assert "Life satisfaction" in scores and "0.90 to 0.97" in scores
        assert_accessible(tab)
