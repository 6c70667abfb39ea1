"""In Chromium: a governor and a trustee see the summary, the status tiles and (trustee) the
schools compared, with terms in words and no term codes; the pages pass axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.board.world import built
from tests.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TERM_CODE = re.compile(r"\b\d{4}-\d{2}-(autumn|spring|summer)\b")


def _no_term_codes(page):
    text = (
        page.locator("main").inner_text()
        if page.locator("main").count()
        else page.inner_text("body")
    )
    assert not TERM_CODE.search(text), TERM_CODE.search(text)


def test_governor_sees_their_schools_summary_and_tiles(cast, page):
    built(cast)
    login(page, "governor.a@example.org")
    page.goto(f"/dashboards/school/{cast.school_a.urn}/")
    expect(page.get_by_role("heading", name="Summary")).to_be_visible()
    summary = page.locator("ul.board-headline").inner_text()
    assert summary.startswith(f"In Summer term 2026, {cast.school_a.name} lost")
    tiles = page.locator("li.board-tile")
    assert tiles.count() == 10
    rate = tiles.filter(has=page.get_by_role("heading", name="Sickness absence rate"))
    assert re.search(r"(On track|Watch|Needs attention)", rate.inner_text())
    assert "On the previous term" in rate.inner_text()
    assert page.get_by_role("heading", name="Schools compared").count() == 0
    assert "As at" in page.locator("p.lead").inner_text()
    _no_term_codes(page)
    assert_accessible(page)


def test_trustee_sorts_the_comparison_and_opens_a_school(cast, page):
    built(cast)
    login(page, "trustee@example.org")
    page.goto("/dashboards/trust/")
    expect(page.get_by_role("heading", name="Summary")).to_be_visible()
    assert page.locator("li.board-tile").count() == 10
    table = page.locator("table.board-compare")
    assert "Hidden (small group)" in table.inner_text()  # school B is under the minimum
    assert "Trust overall" in table.inner_text()
    legend = page.locator("#compare-legend").inner_text()
    assert "Needs attention" in legend and "On track" in legend
    _no_term_codes(page)
    assert_accessible(page)

    page.get_by_role("link", name="School", exact=True).click()  # by name: reverse it
    page.wait_for_load_state("networkidle")
    names = table.locator("tbody th").all_inner_texts()
    assert names == [cast.school_b.name, cast.school_a.name]
    header = table.locator("thead th").first
    assert header.get_attribute("aria-sort") == "descending"

    table.get_by_role("link", name=cast.school_a.name).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text().startswith(cast.school_a.name)


def test_hr_reads_the_thresholds_page_and_a_report_without_term_codes(cast, page):
    built(cast)
    login(page, "hr@example.org")
    page.goto("/dashboards/thresholds/")
    assert page.get_by_label("Amber point for Sickness absence rate").input_value() == "3.0"
    assert_accessible(page)
    page.goto("/dashboards/reports/")
    page.get_by_role("link", name="Summer term 2026", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    _no_term_codes(page)
    assert_accessible(page)
