"""Comment moderation at scale: filters, schools only for large enough groups, distinct badges,
names flagged and removed in one click, bulk approval."""

import pytest
from playwright.sync_api import expect

from common.moderation import flagged_names, known_names, redact_names
from surveys.models import Comment
from surveys.services import round_results_build
from tests.surveys.helpers import add_responses, make_round

pytestmark = pytest.mark.django_db


def _comment(survey_round, school, text, status=Comment.Status.PENDING, **extra):
    return Comment.objects.create(
        round=survey_round,
        question_key="q_anything_else",
        school=school,
        role_group="teaching",
        text=text,
        status=status,
        **extra,
    )


def _page(client, survey_round, show=None):
    url = f"/surveys/{survey_round.slug}/comments/" + (f"?show={show}" if show else "")
    return client.get(url).content.decode()


def test_names_are_flagged_by_title_and_by_the_trusts_staff_names():
    names = known_names([("Jane", "Okafor"), ("Tom", "Hall"), ("", "")])
    text = "Mrs Brown and Jane Okafor ignore us; Dr. O'Neill too. The hallway is fine, Hall is not."
    assert flagged_names(text, names) == ["Mrs Brown", "Jane Okafor", "Dr. O'Neill", "Hall"]
    assert flagged_names("Workload is too high, mostly marking.", names) == []
    assert redact_names(text, flagged_names(text, names)) == (
        "[name] and [name] ignore us; [name] too. The hallway is fine, [name] is not."
    )


def test_filters_counts_and_distinct_badges(cast, client):
    survey_round = make_round(closed=True, comment_min_group_size=5)
    _comment(survey_round, cast.school_a, "Waiting one")
    _comment(survey_round, cast.school_a, "Approved one", Comment.Status.APPROVED, shown_text="x")
    _comment(survey_round, cast.school_a, "Hidden one", Comment.Status.REJECTED)
    client.force_login(cast.hr)
    waiting = _page(client, survey_round)
    assert "Waiting one" in waiting and "Approved one" not in waiting
    assert "Waiting for review (1)" in waiting and "Approved (1)" in waiting
    assert "Not shown (1)" in waiting and ">Waiting for review</span>" in waiting
    approved = _page(client, survey_round, "approved")
    assert "Approved one" in approved and "Waiting one" not in approved
    assert "✓ Approved</span>" in approved
    hidden = _page(client, survey_round, "rejected")
    assert "Hidden one" in hidden and "✕ Not shown</span>" in hidden
    assert "Waiting one" in _page(client, survey_round, "nonsense")


def test_the_school_is_shown_only_when_its_respondents_reach_the_threshold(cast, client):
    survey_round = make_round(closed=True, instruments=("ons4",), comment_min_group_size=8)
    add_responses(survey_round, cast.school_a, 10, {"ons4_happiness": 7})
    add_responses(survey_round, cast.school_b, 6, {"ons4_happiness": 7})
    client.force_login(cast.hr)
    assert "School not shown" not in _page(client, survey_round)  # no comments yet
    _comment(survey_round, cast.school_a, "From the big school")
    _comment(survey_round, cast.school_b, "From the small school")
    before_release = _page(client, survey_round)
    assert cast.school_a.name not in before_release  # nothing released yet: no school named
    round_results_build(survey_round=survey_round)
    page = _page(client, survey_round)
    assert cast.school_a.name in page
    assert cast.school_b.name not in page
    assert "School not shown: fewer than 8 respondents" in page


def test_one_click_redaction_removes_the_flagged_names(cast, client):
    cast.staff_a.first_name, cast.staff_a.last_name = "Priya", "Okafor"
    cast.staff_a.save()
    survey_round = make_round(closed=True)
    comment = _comment(survey_round, cast.school_a, "Mr Smith and Okafor shout at us.")
    client.force_login(cast.hr)
    page = _page(client, survey_round)
    assert "Possible names:</strong> Mr Smith, Okafor" in page
    assert "Approve with the names removed" in page
    response = client.post(
        f"/surveys/{survey_round.slug}/comments/{comment.pk}/",
        {
            f"{comment.pk}-decision": "redact",
            f"{comment.pk}-shown_text": comment.text,
            "show": "pending",
        },
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.shown_text == "[name] and [name] shout at us."
    assert comment.text == "Mr Smith and Okafor shout at us."  # HR can still read what was said
    assert response.url.endswith("?show=pending")


def test_bulk_approve_approves_only_the_ticked_waiting_comments(cast, client):
    survey_round = make_round(closed=True)
    clean = _comment(survey_round, cast.school_a, "More planning time please.")
    named = _comment(survey_round, cast.school_a, "Miss Patel is unkind.")
    other = _comment(survey_round, None, "Fewer meetings.")
    hidden = _comment(survey_round, None, "Rude words.", Comment.Status.REJECTED)
    client.force_login(cast.hr)
    page = _page(client, survey_round)
    assert f'value="{clean.pk}" id="tick-{clean.pk}" form="bulk-approve" checked' in page
    assert f'value="{named.pk}" id="tick-{named.pk}" form="bulk-approve">' in page
    client.post(
        f"/surveys/{survey_round.slug}/comments/approve/",
        {"comment": [str(clean.pk), str(hidden.pk), "not-a-uuid"]},
    )
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses[clean.pk] == Comment.Status.APPROVED
    assert statuses[named.pk] == statuses[other.pk] == Comment.Status.PENDING
    assert statuses[hidden.pk] == Comment.Status.REJECTED  # a decision is not undone in bulk
    clean.refresh_from_db()
    assert clean.shown_text == clean.text


def test_only_hr_may_bulk_approve(cast, client):
    survey_round = make_round(closed=True)
    comment = _comment(survey_round, cast.school_a, "Anything.")
    client.force_login(cast.head_a)
    response = client.post(
        f"/surveys/{survey_round.slug}/comments/approve/", {"comment": [str(comment.pk)]}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_hr_redacts_and_bulk_approves_on_a_phone(cast, browser, live_server):
    from tests.browser import assert_accessible, login

    survey_round = make_round(closed=True)
    _comment(survey_round, cast.school_a, "Mr Smith never listens.")
    _comment(survey_round, cast.school_a, "More planning time please.")
    page = browser.new_page(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page.set_default_timeout(15000)
    try:
        login(page, cast.hr.email)
        page.goto(f"/surveys/{survey_round.slug}/comments/")
        expect(page.get_by_text("Possible names: Mr Smith")).to_be_visible()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth <= 390")
        page.get_by_role("button", name="Approve the ticked comments").click()
        page.get_by_text("1 comment approved as written.").wait_for()
        page.get_by_role("button", name="Approve with the names removed").click()
        page.get_by_text("No comments are waiting for review.").wait_for()
        page.get_by_role("link", name="Approved (2)").click()
        expect(page.get_by_text("Shown as: [name] never listens.")).to_be_visible()
        assert_accessible(page)
    finally:
        page.close()
