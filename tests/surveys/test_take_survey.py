"""Taking a survey: pages, answers carried in the form, submission once, clear errors."""

import re

import pytest

from surveys import responding, selectors
from surveys.models import Invitation, PendingResponse, Response, Round
from tests.surveys.helpers import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_round(cast):
    return make_round(instruments=("ons4",))


def _pages(survey_round):
    return f"/surveys/take/{survey_round.slug}/"


def test_start_page_explains_anonymity_and_reporting_level(survey_round, client, cast):
    client.force_login(cast.staff_a)
    page = client.get(_pages(survey_round)).content.decode()
    assert "How your anonymity is protected" in page
    assert "Alder Primary School" in page
    assert "3 pages" in page


def test_the_survey_shows_on_the_home_page_until_answered(survey_round, client, cast):
    from surveys.responding import response_submit

    response_submit(
        survey_round=survey_round, user=cast.staff_b, answers={"q_i_feel_valued_at_work": "3"}
    )
    client.force_login(cast.staff_a)
    assert f"/surveys/take/{survey_round.slug}/" in client.get("/").content.decode()
    response_submit(
        survey_round=survey_round, user=cast.staff_a, answers={"q_i_feel_valued_at_work": "4"}
    )
    assert f"/surveys/take/{survey_round.slug}/" not in client.get("/").content.decode()


def test_an_answer_off_the_scale_is_refused_and_nothing_is_lost(survey_round, client, cast):
    client.force_login(cast.staff_a)
    url = _pages(survey_round) + "page-1/"
    response = client.post(url, {"ons4_life_satisfaction": "11", "ons4_worthwhile": "7"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose one of the answers given." in page
    assert 'value="7" checked' in page  # the valid answer is shown again, from the form itself
    assert not PendingResponse.objects.exists()


def _hidden(page: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<input type="hidden" name="([^"]+)" value="([^"]*)" data-survey-carried>', page
    )


def test_staff_member_takes_the_survey_once(survey_round, client, cast):
    client.force_login(cast.staff_a)
    base = _pages(survey_round)
    valued = survey_round.questions.get(kind="agree5").key
    second = client.post(base + "page-1/", {"ons4_life_satisfaction": "7", "ons4_anxiety": "3"})
    # The next page comes back at once, carrying page 1's answers in hidden fields.
    assert second.status_code == 200 and "Page 2 of 3" in second.content.decode()
    carried = _hidden(second.content.decode())
    assert carried == [("ons4_life_satisfaction", "7"), ("ons4_anxiety", "3")]
    response = client.post(base + "page-2/", dict(carried))
    assert (
        response.status_code == 400 and "Please answer this question." in response.content.decode()
    )
    # Going back shows page 1 again with its answers, and keeps page 2's.
    back = client.post(base + "page-2/", {**dict(carried), valued: "4", "back": "1"})
    assert "Page 1 of 3" in back.content.decode()
    assert 'value="7" checked' in back.content.decode()
    assert (valued, "4") in _hidden(back.content.decode())
    third = client.post(base + "page-2/", {**dict(carried), valued: "4"})
    assert "Page 3 of 3" in third.content.decode()
    fields = dict(_hidden(third.content.decode()))
    done = client.post(
        base + "page-3/", {**fields, "q_anything_else": "More time to plan, please."}
    )
    assert done["Location"].endswith("thank-you/")
    # One sealed row, and nothing else: participation is marked when a batch is written out.
    assert not Response.objects.filter(round=survey_round).exists()
    assert PendingResponse.objects.filter(round=survey_round).count() == 1
    assert not Invitation.objects.filter(round=survey_round, responded=True).exists()
    assert selectors.has_responded(survey_round=survey_round, user=cast.staff_a)
    assert client.get(base + "thank-you/").status_code == 200
    # A second attempt is refused while the answers wait, sealed.
    assert client.get(base).status_code == 409
    assert client.post(base + "page-3/", {**fields, "q_anything_else": "Again"}).status_code == 409
    assert PendingResponse.objects.count() == 1
    responding.round_pending_open(survey_round=survey_round, now=survey_round.closes_at)
    response = Response.objects.get()
    assert response.answers == {
        "ons4_life_satisfaction": 7,
        "ons4_anxiety": 3,
        valued: 4,
    }
    assert response.round.comments.get().text == "More time to plan, please."
    assert not PendingResponse.objects.exists()
    # Fewer than k at close: written out, but nobody's invitation is marked; the round counts it.
    assert not Invitation.objects.filter(round=survey_round, responded=True).exists()
    assert Round.objects.get(pk=survey_round.pk).responded_unlisted == 1


def test_answers_tampered_on_another_page_are_checked_again_at_submit(survey_round, client, cast):
    client.force_login(cast.staff_a)
    base = _pages(survey_round)
    valued = survey_round.questions.get(kind="agree5").key
    response = client.post(
        base + "page-3/", {"ons4_anxiety": "3", valued: "9", "q_anything_else": "Hello"}
    )
    # The off-scale carried answer is dropped, so the required question is asked again.
    assert response.status_code == 400
    page = response.content.decode()
    assert "Page 2 of 3" in page and "Please answer this question." in page
    assert ("ons4_anxiety", "3") in _hidden(page) and ("q_anything_else", "Hello") in _hidden(page)
    assert not PendingResponse.objects.exists()


def test_people_outside_the_audience_or_time_cannot_answer(cast, client):
    school_round = make_round(slug="b-only", schools=[cast.school_b])
    closed = make_round(slug="closed", closed=True)
    client.force_login(cast.staff_a)
    assert client.get(f"/surveys/take/{school_round.slug}/").status_code == 404
    # A closed round's link says it has closed (410 Gone), and nothing can be answered.
    response = client.get(f"/surveys/take/{closed.slug}/page-1/")
    assert response.status_code == 410
    assert "This survey has closed" in response.content.decode()
    assert client.post(f"/surveys/take/{closed.slug}/page-1/").status_code == 410
    client.force_login(cast.governor_a)
    assert client.get(f"/surveys/take/{school_round.slug}/").status_code == 403
