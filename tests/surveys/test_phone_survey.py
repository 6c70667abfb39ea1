"""The survey on a 390×844 phone: short pages, large targets, a one-line 0-10 scale, keyboard
only, axe on every page, and answers kept on the device for someone who leaves and comes back."""

import re

import pytest
from playwright.sync_api import expect

from surveys.models import PendingResponse
from surveys.paging import MAX_PER_PAGE, survey_pages
from tests.browser import assert_accessible, login
from tests.surveys.helpers import make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    a, b = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _boxes(locator) -> list[dict]:
    return [locator.nth(i).bounding_box() for i in range(locator.count())]


def test_hse_items_are_paged_by_management_standard(cast):
    survey_round = make_round(instruments=("ons4", "hse-msit"))
    pages = survey_pages(list(survey_round.questions.all()), survey_round.instruments)
    assert max(len(page.questions) for page in pages) <= MAX_PER_PAGE
    titles = [page.title for page in pages]
    assert [title.split(": ")[-1] for title in titles[1:8]] == [
        "Demands",
        "Control",
        "Manager support",
        "Peer support",
        "Relationships",
        "Role",
        "Change",
    ]
    assert sum(len(page.questions) for page in pages) == survey_round.questions.count()
    assert len(pages) == 1 + 7 + 2  # ONS4, the seven standards, custom questions, comments


def test_staff_member_answers_the_survey_on_a_phone(cast, phone_page):
    page = phone_page
    survey_round = make_round(instruments=("ons4", "hse-msit"))
    total = survey_round.questions.count()
    login(page, "staff.a@example.org")
    page.goto(f"/surveys/take/{survey_round.slug}/page-1/")
    page.wait_for_selector("form[data-survey-ready]")
    expect(page.get_by_text(f"0 of {total} questions answered")).to_be_visible()
    assert_accessible(page)

    # The 0-10 scale reads as one line, each segment a tall target, and fits the screen.
    life = page.get_by_role("group", name=re.compile("how satisfied are you with your life"))
    segments = _boxes(life.locator(".survey-choice"))
    assert len(segments) == 11
    assert len({round(box["y"]) for box in segments}) == 1
    assert all(box["height"] >= 44 and box["width"] >= 24 for box in segments)
    assert segments[-1]["x"] + segments[-1]["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Keyboard only: Tab into the scale, arrows to move, the answer counts at once.
    life.get_by_label("0", exact=True).focus()
    page.keyboard.press("Space")
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    assert life.get_by_label("7", exact=True).is_checked()
    expect(page.get_by_text(f"1 of {total} questions answered")).to_be_visible()
    # The focused segment shows the portal's focus ring: yellow edged in near-black (over 3:1).
    ring = page.evaluate("getComputedStyle(document.activeElement.closest('label')).boxShadow")
    assert "rgb(11, 12, 12)" in ring
    assert _contrast("rgb(11, 12, 12)", "rgb(255, 255, 255)") >= 3
    page.keyboard.press("Tab")
    worthwhile = page.get_by_role("group", name=re.compile("things you do in your life"))
    page.keyboard.press("ArrowRight")  # the first arrow press on an empty group picks 1
    assert worthwhile.locator("input:checked").count() == 1

    # The person leaves and comes back: the answers are on the device, not on the server.
    page.goto("/")
    page.goto(f"/surveys/take/{survey_round.slug}/page-1/")
    page.wait_for_selector("form[data-survey-ready]")
    life = page.get_by_role("group", name=re.compile("how satisfied are you with your life"))
    assert life.get_by_label("7", exact=True).is_checked()
    expect(page.get_by_text(f"2 of {total} questions answered")).to_be_visible()
    assert not PendingResponse.objects.exists()
    page.get_by_role("button", name="Save and continue").click()

    # The HSE pages: one standard each, never more than eight questions.
    number = 2
    while page.get_by_role("heading", level=1).inner_text().startswith("HSE"):
        expect(page.get_by_text(f"Page {number} of 10")).to_be_visible()
        # Measured once the page's styles apply (its script runs after them and marks the form).
        page.wait_for_selector("form[data-survey-ready]")
        assert page.locator("fieldset.survey-question").count() <= MAX_PER_PAGE
        first = page.locator("fieldset.survey-question").first
        options = _boxes(first.locator(".survey-choice"))
        assert all(box["height"] >= 44 and box["width"] >= 44 for box in options)
        border = first.locator("input").first.evaluate("e => getComputedStyle(e).borderTopColor")
        assert _contrast(border, "rgb(255, 255, 255)") >= 3
        first.locator(".survey-choice").nth(3).click()  # a tap anywhere on the row answers
        assert first.locator("input").nth(3).is_checked()
        if number == 2:
            assert_accessible(page)
            # Leaving mid-way and coming back to this page finds its answer again.
            page.goto("/")
            page.goto(f"/surveys/take/{survey_round.slug}/page-{number}/")
            page.wait_for_selector("form[data-survey-ready]")
            first = page.locator("fieldset.survey-question").first
            assert first.locator("input").nth(3).is_checked()
        page.get_by_role("button", name="Save and continue").click()
        number += 1
    assert number == 9

    page.get_by_role("group", name=re.compile("I feel valued at work")).get_by_text(
        "Agree", exact=True
    ).click()
    expect(page.get_by_text(f"10 of {total} questions answered")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Your answer").fill("More time to plan, please.")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Thank you for taking part")).to_be_visible()
    assert PendingResponse.objects.count() == 1
