"""Staff on a 390×844 phone find what they need: the sign-in page in the portal's words, an open
survey first on the home page, Surveys and Get support in the menu, a closed survey's link that
says so. Each page passes axe."""

import re

import pytest
from playwright.sync_api import expect

from surveys import publishing, services
from tests.browser import assert_accessible, nav_link
from tests.surveys.helpers import make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_member_on_a_phone_finds_surveys_and_support(cast, phone_page):
    page = phone_page
    survey_round = make_round(title="Autumn staff survey", instruments=("ons4",))
    summer = make_round(slug="summer", title="Summer staff survey", closed=True)
    publishing.invitations_create(survey_round=summer)

    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert page.get_by_label("Remember me", exact=True).count() == 1
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    email_box = page.get_by_label("Email").bounding_box()
    assert email_box["width"] >= 300  # a full-width box, its label above it
    assert page.get_by_text("Remember Me", exact=True).count() == 0
    assert_accessible(page)
    page.get_by_label("Email").fill("staff.a@example.org")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in", exact=True).click()

    # The open survey is the first thing on the home page, its button in the first screen.
    first_panel = page.locator("section.card-panel").first
    assert first_panel.get_by_role("heading").inner_text() == "Staff surveys"
    take = page.get_by_role("link", name=re.compile("Take the survey.*Autumn staff survey"))
    box = take.bounding_box()
    assert box["y"] + box["height"] <= 844 and box["height"] >= 44
    assert_accessible(page)

    # The phone menu holds Surveys and Get support.
    page.locator("button.navbar-toggler").click()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Get support", exact=True)).to_be_visible()
    assert_accessible(page)
    nav_link(page, "Surveys").click()
    expect(page.get_by_role("heading", name="Your surveys")).to_be_visible()
    expect(page.get_by_text("Summer staff survey: closed on")).to_be_visible()
    assert_accessible(page)
    nav_link(page, "Get support").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Get support"

    # A survey link followed after the round closed says so, and when results come.
    page.goto("/surveys/take/summer/")
    expect(page.get_by_role("heading", name="This survey has closed")).to_be_visible()
    expect(page.get_by_text("results are being worked out")).to_be_visible()
    assert_accessible(page)
    publishing.round_close(survey_round=survey_round)
    services.round_results_build(survey_round=survey_round)
    page.goto(f"/surveys/take/{survey_round.slug}/page-1/")
    expect(page.get_by_role("heading", name="This survey has closed")).to_be_visible()
    expect(page.get_by_text("Its results were published on Monday 2 November 2026")).to_be_visible()
