"""A staff member takes a survey in Chromium, from the invitation email to the thank-you page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from surveys import notify, responding, services
from surveys.models import PendingResponse, Response
from tests.browser import assert_accessible
from tests.held_mail import held_mail_send
from tests.surveys.helpers import add_responses, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_member_takes_a_survey_from_invitation_to_thank_you(cast, page):
    survey_round = make_round(instruments=("ons4",))
    notify.round_invite(survey_round=survey_round)
    held_mail_send()
    invitation = next(m for m in mail.outbox if m.to == ["staff.a@example.org"])
    path = re.search(r"https?://[^/\s]+(/surveys/take/[^\s]+/)", invitation.body).group(1)

    page.goto(path)
    page.get_by_label("Email").fill("staff.a@example.org")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="How your anonymity is protected")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Start the survey").click()

    expect(page.get_by_text("Page 1 of 3")).to_be_visible()
    life = page.get_by_role("group", name=re.compile("how satisfied are you with your life"))
    life.get_by_label("7", exact=True).check()
    # Keyboard only: focus a radio group and move with the arrow keys.
    anxious = page.get_by_role("group", name=re.compile("how anxious did you feel"))
    anxious.get_by_label("2", exact=True).focus()
    page.keyboard.press("ArrowRight")
    assert anxious.get_by_label("3", exact=True).is_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role(
        "button", name="Save and continue"
    ).click()  # the required question is unanswered
    expect(page.get_by_role("alert").get_by_text("Please answer this question.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name=re.compile("I feel valued at work")).get_by_label(
        "Agree", exact=True
    ).check()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("Your answer").fill("Fewer meetings after 4pm, please.")
    page.get_by_role("button", name="Back").click()  # leaving a page keeps what was given
    assert (
        page.get_by_role("group", name=re.compile("I feel valued"))
        .get_by_label("Agree", exact=True)
        .is_checked()
    )
    page.get_by_role("button", name="Save and continue").click()
    assert page.get_by_label("Your answer").input_value() == "Fewer meetings after 4pm, please."
    page.get_by_role("button", name="Submit my answers").click()

    expect(page.get_by_role("heading", name="Thank you for taking part")).to_be_visible()
    assert_accessible(page)
    assert PendingResponse.objects.count() == 1

    page.goto(path)
    expect(
        page.get_by_role("heading", name="You have already answered this survey")
    ).to_be_visible()
    assert PendingResponse.objects.count() == 1
    responding.round_pending_open(survey_round=survey_round, now=survey_round.closes_at)
    assert Response.objects.get().answers["ons4_anxiety"] == 3


def test_results_page_with_charts_is_accessible(cast, page):
    survey_round = make_round(closed=True, instruments=("ons4", "hse-msit"))
    answers = {
        "ons4_life_satisfaction": 7,
        "ons4_anxiety": 4,
        "hse01": 4,
        "hse02": 3,
        "hse03": 2,
        "hse05": 1,
    }
    add_responses(survey_round, cast.school_a, 8, answers)
    add_responses(survey_round, cast.school_b, 3, answers)
    services.round_results_build(survey_round=survey_round)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("hr@example.org")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"/surveys/{survey_round.slug}/results/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Results")
    assert page.locator("figure.chart svg").count() > 3
    assert_accessible(page)
    page.goto(f"/surveys/{survey_round.slug}/preview/page-1/")
    assert_accessible(page)
