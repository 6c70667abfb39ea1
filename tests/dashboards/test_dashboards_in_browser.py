"""In Chromium: a governor sees their school's dashboard but not another's; a trustee sees all."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from people.term_words import term_in_words
from tests.absence.world import SUMMER, terms
from tests.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_governor_sees_their_school_only_and_trustee_sees_all(cast, page):
    terms()
    call_command("build_termly_report", "--term", SUMMER)
    login(page, "governor.a@example.org")
    page.goto(f"/dashboards/school/{cast.school_a.urn}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith(cast.school_a.name)
    assert_accessible(page)
    response = page.goto(f"/dashboards/school/{cast.school_b.urn}/")
    assert response.status == 403
    assert page.goto("/dashboards/trust/").status == 403

    page.context.clear_cookies()
    login(page, "trustee@example.org")
    page.goto("/dashboards/trust/")
    expect(page.get_by_role("heading", name="Sickness absence", exact=True)).to_be_visible()
    assert_accessible(page)
    assert page.goto(f"/dashboards/school/{cast.school_b.urn}/").status == 200
    page.goto("/dashboards/reports/")
    page.get_by_role("link", name=term_in_words(SUMMER), exact=True).click()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == f"People committee report: {term_in_words(SUMMER)}"
    )
    assert_accessible(page)
