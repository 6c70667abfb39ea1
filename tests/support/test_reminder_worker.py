from datetime import date

import pytest

from people.models import Role
from support.tasks import training_reminders_send
from tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_weekly_reminder_runs_on_a_real_worker(cast, celery_worker):
    RoleAssignmentFactory(
        user=UserFactory(),
        role=Role.FIRST_AIDER,
        school=cast.school_a,
        trained_on=date(2020, 1, 1),
        training_lapses_on=date(2023, 1, 1),
    )

    assert training_reminders_send.delay().get(timeout=20) == 1
