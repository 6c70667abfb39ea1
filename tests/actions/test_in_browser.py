"""The issue's "done when", in Chromium with axe-core."""

import re

import pytest

from actions.models import Action, DifferenceVote
from tests.actions.surveydata import closed_round
from tests.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_head_acts_on_a_finding_and_only_that_schools_staff_see_and_rate_it(cast, page):
    closed_round(cast, school_a_answers=[2, 4, 4])

    login(page, cast.head_a.email)
    page.goto("/actions/manage/")
    assert_accessible(page)
    findings = page.get_by_role("region", name="Survey findings with no action yet")
    findings.get_by_role(
        "link", name=re.compile("Record an action.*unachievable deadlines")
    ).click()
    assert_accessible(page)
    page.get_by_label("Theme").select_option("hse_demands")
    page.get_by_label("What we will do").fill(
        "Move report deadlines out of the mock exam fortnight."
    )
    page.get_by_label("Owner").select_option(label=cast.head_a.get_full_name())
    page.get_by_label("Due date").fill("2027-01-29")
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_role("button", name="Record the action").click()
    page.get_by_role("heading", level=1, name=re.compile("Move report deadlines")).wait_for()
    action = Action.objects.get()
    assert (
        action.question.text == "I have unachievable deadlines." and action.school == cast.school_a
    )
    page.get_by_role("button", name="Sign out").click()

    login(page, cast.staff_a.email)
    page.goto("/actions/")
    board = page.get_by_role("region", name=cast.school_a.name)
    board.get_by_role("link", name=re.compile("Move report deadlines")).click()
    # Check the action's own page once it has loaded, not the board half-way through leaving.
    page.wait_for_url(re.compile(r"/actions/\d+/$"))
    assert_accessible(page)
    page.get_by_role("button", name="Yes, it made a difference").click()
    page.get_by_text("Your answer was counted anonymously").wait_for()
    assert_accessible(page)
    # The answer waits, apart from the voter, until at least k can be counted together.
    assert DifferenceVote.objects.filter(action=action, made_difference=True).count() == 1
    action.refresh_from_db()
    assert action.made_difference == 0
    page.goto("/actions/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    login(page, cast.staff_b.email)
    page.goto("/actions/")
    assert_accessible(page)
    assert page.get_by_text("Move report deadlines").count() == 0
    response = page.goto(f"/actions/{action.pk}/")
    assert response.status == 404


def test_the_newsletter_pages_are_accessible(cast, page):
    from datetime import date

    from actions import services
    from school_calendar.models import Term

    Term.objects.create(
        academic_year="2026-27",
        term="autumn",
        first_day=date(2026, 9, 1),
        last_day=date(2026, 12, 18),
    )
    services.action_create(
        by=cast.head_a,
        school=cast.school_a,
        theme="workload",
        you_said="Too many emails.",
        we_will="A weekly bulletin.",
        owner=cast.head_a,
        due_on=date(2026, 12, 1),
        status="done",
        we_did="The weekly bulletin started.",
        completed_on=date(2026, 10, 5),
    )
    login(page, cast.hr.email)
    page.goto("/actions/newsletters/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Build the draft").click()
    page.get_by_label("Introduction").fill("Thank you for telling us.")
    page.get_by_role("button", name="Save the introduction").click()
    assert_accessible(page)
    page.get_by_role("link", name="Preview").click()
    page.get_by_text("The weekly bulletin started.").wait_for()
    assert_accessible(page)
