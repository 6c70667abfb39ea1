from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions import services
from actions.models import Action, ActionChange, Status

pytestmark = pytest.mark.django_db


def test_recording_an_action_starts_its_history(cast, make_action):
    action = make_action()
    change = ActionChange.objects.get(action=action)
    assert change.created and change.status == Status.PLANNED and change.changed_by == cast.head_a


def test_each_change_is_kept_with_old_and_new_values(cast, make_action):
    action = make_action()
    services.action_update(
        action=action, by=cast.champion_a, status=Status.IN_PROGRESS, due_on=date(2027, 3, 1)
    )
    change = ActionChange.objects.filter(action=action).last()
    assert change.changed_by == cast.champion_a
    assert change.changes == {
        "Status": ["Planned", "In progress"],
        "Due date": ["2027-02-01", "2027-03-01"],
    }


def test_saving_without_changes_adds_no_history(cast, make_action):
    action = make_action()
    services.action_update(action=action, by=cast.head_a, theme="workload")
    assert ActionChange.objects.filter(action=action).count() == 1


def test_not_doing_needs_a_reason_and_nothing_is_saved_without_one(cast, make_action):
    action = make_action()
    with pytest.raises(ValidationError) as error:
        services.action_update(action=action, by=cast.head_a, status=Status.NOT_DOING)
    assert "status_reason" in error.value.message_dict
    assert Action.objects.get(pk=action.pk).status == Status.PLANNED
    assert ActionChange.objects.filter(action=action).count() == 1


def test_done_needs_what_was_done_and_dates_it_today(cast, make_action):
    action = make_action()
    with pytest.raises(ValidationError):
        services.action_update(action=action, by=cast.head_a, status=Status.DONE)
    services.action_update(
        action=action, by=cast.head_a, status=Status.DONE, we_did="Charter agreed."
    )
    action.refresh_from_db()
    assert action.completed_on == timezone.localdate()


def test_a_question_from_another_round_is_refused(cast, make_action):
    from tests.actions.surveydata import closed_round

    first, second = closed_round(cast, slug="one"), closed_round(cast, slug="two")
    with pytest.raises(ValidationError) as error:
        make_action(round=first, question=second.questions.first())
    assert "question" in error.value.message_dict


def test_a_question_alone_links_its_round(cast, make_action):
    from tests.actions.surveydata import closed_round

    survey = closed_round(cast)
    action = make_action(question=survey.questions.first())
    assert action.round == survey


def test_moving_the_due_date_lets_the_owner_be_told_again(cast, make_action):
    action = make_action(due_on=date(2026, 10, 1))
    Action.objects.filter(pk=action.pk).update(overdue_notified_on=date(2026, 10, 2))
    action.refresh_from_db()
    services.action_update(action=action, by=cast.head_a, due_on=date(2026, 11, 1))
    action.refresh_from_db()
    assert action.overdue_notified_on is None
