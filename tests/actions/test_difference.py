import pytest
from django.urls import reverse

from actions import services
from actions.models import Action, DifferenceVote, DifferenceVoter, Status
from actions.selectors import has_answered
from people.anonymity import at_least
from tests.conftest import _staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(cast, make_action):
    action = make_action()
    return services.action_update(action=action, by=cast.head_a, status=Status.IN_PROGRESS)


def _rate(client, action, answer="yes"):
    return client.post(reverse("actions:rate", args=[action.pk]), {"made_difference": answer})


def test_a_click_is_recorded_but_counted_only_with_enough_others(cast, started, client_for):
    response = _rate(client_for(cast.staff_a), started)
    assert response.status_code == 302
    assert DifferenceVote.objects.filter(action=started, made_difference=True).count() == 1
    assert services.difference_votes_tally() == 0  # 1 < k: it waits for more
    started.refresh_from_db()
    assert (started.made_difference, started.made_no_difference) == (0, 0)


def test_each_person_answers_once(cast, started, client_for):
    client = client_for(cast.staff_a)
    _rate(client, started, "yes")
    _rate(client, started, "no")
    assert DifferenceVote.objects.filter(action=started).count() == 1
    assert DifferenceVoter.objects.filter(action=started).count() == 1


def test_who_answered_is_kept_apart_from_what_they_answered(cast, started, client_for):
    _rate(client_for(cast.staff_a), started, "no")
    voter_fields = {f.name for f in DifferenceVoter._meta.get_fields()}
    assert voter_fields == {"id", "action", "token"}  # a keyed token, never the person's id
    assert {f.name for f in DifferenceVote._meta.get_fields()} == {
        "id",
        "action",
        "made_difference",
    }
    assert has_answered(action=started, user=cast.staff_a)
    assert not has_answered(action=started, user=cast.support_a)
    # The answer changes nothing in the action's history.
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
    assert DifferenceVote.objects.filter(action=action, made_difference=True).count() == 1


def test_one_vote_does_not_move_the_displayed_count(cast, started, client_for):
    voters = [_staff(f"voter{i}@example.org", cast.school_a) for i in range(11)]
    url = reverse("actions:detail", args=[started.pk])
    reader = client_for(cast.head_a)
    page = reader.get(url).content.decode()
    assert "none are shown yet" in page
    for voter in voters[:10]:
        _rate(client_for(voter), started, "yes" if voter.pk % 3 else "no")
    assert services.difference_votes_tally() == 10  # k = 5: the ten waiting are counted
    before = reader.get(url).content.decode()
    assert "At least 10 staff have answered." in before
    # The eleventh answer waits for k - 1 more; nothing shown changes, not even after a tally.
    _rate(client_for(voters[10]), started, "yes")
    assert services.difference_votes_tally() == 0
    after = reader.get(url).content.decode()
    assert (
        after.split('id="difference"')[1].split("</section>")[0]
        == before.split('id="difference"')[1].split("</section>")[0]
    )
    manage = client_for(cast.hr).get(reverse("actions:manage") + "?school=100001")
    manage = manage.content.decode()
    assert "At least 10 answered" in manage


def test_counts_are_shown_only_in_steps_of_k():
    assert [at_least(n, 5) for n in (0, 1, 4, 5, 6, 9, 10, 14, 15)] == [
        None,
        None,
        None,
        5,
        5,
        5,
        10,
        10,
        15,
    ]


@pytest.mark.django_db(transaction=True)
def test_the_vote_and_the_voter_row_share_no_transaction(cast, started, client_for):
    from django.db import connection

    _rate(client_for(cast.staff_a), started, "yes")
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM actions_differencevoter")
        [(voter_xmin,)] = cursor.fetchall()
        cursor.execute("SELECT xmin::text FROM actions_differencevote")
        [(vote_xmin,)] = cursor.fetchall()
        cursor.execute("SELECT xmin::text FROM actions_action WHERE id = %s", [started.pk])
        [(action_xmin,)] = cursor.fetchall()
    assert len({voter_xmin, vote_xmin, action_xmin}) == 3


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_counts_waiting_answers_in_a_batch(cast, started, client_for, celery_worker):
    from actions import tasks

    for voter in [_staff(f"batch{i}@example.org", cast.school_a) for i in range(5)]:
        _rate(client_for(voter), started, "no")
    assert tasks.difference_votes_tally.delay().get(timeout=30) == 5
    started.refresh_from_db()
    assert (started.made_difference, started.made_no_difference) == (0, 5)
    assert not DifferenceVote.objects.exists()


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
