import pytest
from django.urls import reverse

from actions import services
from actions.models import Action, DifferenceVoter, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(cast, make_action):
    action = make_action()
    return services.action_update(action=action, by=cast.head_a, status=Status.IN_PROGRESS)


def _rate(client, action, answer="yes"):
    return client.post(reverse("actions:rate", args=[action.pk]), {"made_difference": answer})


def test_a_click_is_counted(cast, started, client_for):
    response = _rate(client_for(cast.staff_a), started)
    assert response.status_code == 302
    started.refresh_from_db()
    assert (started.made_difference, started.made_no_difference) == (1, 0)


def test_each_person_answers_once(cast, started, client_for):
    client = client_for(cast.staff_a)
    _rate(client, started, "yes")
    _rate(client, started, "no")
    started.refresh_from_db()
    assert (started.made_difference, started.made_no_difference) == (1, 0)


def test_who_answered_is_kept_apart_from_what_they_answered(cast, started, client_for):
    _rate(client_for(cast.staff_a), started, "no")
    voter_fields = {f.name for f in DifferenceVoter._meta.get_fields()}
    assert voter_fields == {"id", "action", "user"}
    assert DifferenceVoter.objects.filter(action=started, user=cast.staff_a).exists()
    # The answer lives only in a counter on the action; its history gains nothing from a vote.
    assert started.changes.count() == 2


def test_staff_of_another_school_cannot_answer(cast, started, client_for):
    assert _rate(client_for(cast.staff_b), started).status_code == 404
    assert Action.objects.get(pk=started.pk).made_difference == 0


def test_governors_read_but_do_not_answer(cast, started, client_for):
    assert _rate(client_for(cast.governor_a), started).status_code == 403


def test_a_planned_action_cannot_be_rated_yet(cast, make_action, client_for):
    action = make_action()
    assert _rate(client_for(cast.staff_a), action).status_code == 403


def test_any_staff_member_may_answer_for_a_trust_action(cast, make_action, client_for):
    action = make_action(school=None)
    services.action_update(action=action, by=cast.hr, status=Status.IN_PROGRESS)
    _rate(client_for(cast.staff_b), action)
    assert Action.objects.get(pk=action.pk).made_difference == 1


def test_the_tally_shows_only_once_enough_people_answered(cast, started, client_for):
    client = client_for(cast.staff_a)
    _rate(client, started)
    page = client.get(reverse("actions:detail", args=[started.pk])).content.decode()
    assert "Fewer than 5 people have answered" in page
    Action.objects.filter(pk=started.pk).update(made_difference=4, made_no_difference=1)
    page = client.get(reverse("actions:detail", args=[started.pk])).content.decode()
    assert "4 of 5 staff who answered said it made a difference" in page


def test_difference_feedback_for_the_report_hides_small_numbers(cast, make_action):
    from actions.selectors import difference_feedback

    action = make_action(status=Status.DONE, we_did="Done it.")
    Action.objects.filter(pk=action.pk).update(made_difference=2)
    assert difference_feedback(school=cast.school_a)["suppressed"] is True
    Action.objects.filter(pk=action.pk).update(made_difference=4, made_no_difference=2)
    assert difference_feedback(school=cast.school_a) == {
        "actions": 1,
        "made_difference": 4,
        "made_no_difference": 2,
        "suppressed": False,
    }
