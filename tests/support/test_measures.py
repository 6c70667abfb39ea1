from datetime import date

import pytest

from charters.measures import get_measure
from people.models import Role
from support import services
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def test_schools_with_first_aider_counts_schools_with_current_training(cast):
    result = get_measure("schools_with_first_aider").compute(school=None, today=TODAY)
    assert (result.value, result.status) == ("1 of 2 schools", "at_risk")

    cast.first_aider_a.role_assignments.filter(role=Role.FIRST_AIDER).update(
        training_lapses_on=date(2026, 1, 1)
    )
    result = get_measure("schools_with_first_aider").compute(school=cast.school_a, today=TODAY)
    assert result.status == "off_track"


def test_exit_interviews_offered_compares_offers_with_leavers_this_year(cast):
    leavers = [
        StaffMemberFactory(school=cast.school_a, end_date=date(2026, 11, 1)) for _ in range(2)
    ]
    services.exit_interviews_offer(staff_ids=[leavers[0].pk], today=TODAY)

    result = get_measure("exit_interviews_offered").compute(school=None, today=TODAY)
    assert (result.value, result.status) == ("1 of 2 leavers", "off_track")
