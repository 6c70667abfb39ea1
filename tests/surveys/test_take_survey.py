"""Taking a survey: pages, saved answers, submission once, clear errors."""

import pytest

from surveys import services
from surveys.models import Draft, Invitation, PendingResponse, Response
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
    from surveys.services import response_submit

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
    assert "Choose one of the answers given." in response.content.decode()
    assert Draft.objects.get(user=cast.staff_a).answers == {"ons4_worthwhile": 7}


def test_staff_member_takes_the_survey_once(survey_round, client, cast):
    client.force_login(cast.staff_a)
    base = _pages(survey_round)
    assert client.post(base + "page-1/", {"ons4_life_satisfaction": "7", "ons4_anxiety": "3"})[
        "Location"
    ].endswith("page-2/")
    # Leaving and coming back keeps the answers.
    assert 'value="7" checked' in client.get(base + "page-1/").content.decode()
    response = client.post(base + "page-2/", {})
    assert (
        response.status_code == 400 and "Please answer this question." in response.content.decode()
    )
    assert (
        client.post(
            base + "page-2/", {survey_round.questions.get(kind="agree5").key: "4"}
        ).status_code
        == 302
    )
    done = client.post(base + "page-3/", {"q_anything_else": "More time to plan, please."})
    assert done["Location"].endswith("thank-you/")
    # The answers wait, sealed, until a batch is written out (see test_anonymity).
    assert not Response.objects.filter(round=survey_round).exists()
    assert PendingResponse.objects.filter(round=survey_round).count() == 1
    assert not Draft.objects.filter(user=cast.staff_a).exists()
    assert Invitation.objects.get(round=survey_round, user=cast.staff_a).responded
    services.round_responses_shuffle(survey_round=survey_round)
    response = Response.objects.get()
    assert response.answers == {
        "ons4_life_satisfaction": 7,
        "ons4_anxiety": 3,
        "q_i_feel_valued_at_work": 4,
    }
    assert response.round.comments.get().text == "More time to plan, please."
    # A second attempt is refused.
    assert client.get(base).status_code == 409
    assert client.post(base + "page-3/", {"q_anything_else": "Again"}).status_code == 409
    assert Response.objects.filter(round=survey_round).count() == 1
    assert not PendingResponse.objects.exists()


def test_people_outside_the_audience_or_time_cannot_answer(cast, client):
    school_round = make_round(slug="b-only", schools=[cast.school_b])
    closed = make_round(slug="closed", closed=True)
    client.force_login(cast.staff_a)
    assert client.get(f"/surveys/take/{school_round.slug}/").status_code == 404
    assert client.get(f"/surveys/take/{closed.slug}/").status_code == 404
    client.force_login(cast.governor_a)
    assert client.get(f"/surveys/take/{school_round.slug}/").status_code == 403
