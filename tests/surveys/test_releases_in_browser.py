"""HR makes a release and reads its anonymity statement in Chromium; the pages pass axe."""

import pytest
from playwright.sync_api import expect

from surveys import services
from surveys.models import Question
from tests.browser import assert_accessible, login
from tests.surveys.helpers import add_responses, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_makes_a_release_and_reads_its_statement(cast, page):
    survey_round = make_round(slug="released", min_group_size=5)
    key = survey_round.questions.get(kind=Question.Kind.AGREE5).key
    add_responses(survey_round, cast.school_a, 12, {key: 4})
    add_responses(survey_round, cast.school_a, 6, {key: 3}, role_group="support")
    add_responses(survey_round, cast.school_b, 10, {key: 4})
    add_responses(survey_round, cast.school_b, 2, {key: 2}, role_group="support")
    login(page, "hr@example.org")
    page.goto(f"/surveys/{survey_round.slug}/")
    page.get_by_role("link", name="Release early results").click()
    expect(page.get_by_role("heading", name="Release the results")).to_be_visible()
    assert_accessible(page)  # the confirmation page
    page.get_by_role("button", name="Release the results").click()
    assert "Release 1 made" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Read the statement of release 1").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Anonymity statement")
    assert "Birch Academy: support" in page.content()
    assert_accessible(page)

    add_responses(survey_round, cast.school_a, 5, {key: 5}, role_group="support")
    add_responses(survey_round, cast.school_a, 2, {key: 5})
    services.round_early_release(survey_round=survey_round)
    page.goto(f"/surveys/{survey_round.slug}/results/?group=100001/teaching")
    assert "These figures are as at release 1" in page.content()
    assert_accessible(page)
    page.goto("/surveys/how-your-answers-are-protected/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("How your survey")
    assert_accessible(page)
