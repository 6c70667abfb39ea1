from datetime import date

import pytest
from django.urls import reverse

from support.models import ExitAnswer
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, terms):
    StaffMemberFactory(
        school=cast.school_a, start_date=date(2015, 9, 1), end_date=date(2026, 10, 1)
    )
    for reason in ["pay", "pay", "workload", "caring", "pay"]:
        ExitAnswer.objects.create(
            school=cast.school_a,
            role_group="teaching",
            answered_on=date(2026, 10, 2),
            reasons=[reason],
            comment="Secret comment",
        )
    return cast


def test_trustees_see_the_trust_each_school_and_exit_reasons(world, client_for):
    page = (
        client_for(world.trustee)
        .get(reverse("support:people") + "?term=2026-27-autumn")
        .content.decode()
    )

    assert "The trust" in page and world.school_a.name in page and world.school_b.name in page
    assert "Why leavers left" in page and "Pay and benefits" in page
    assert "Secret comment" not in page


def test_a_governor_sees_their_school_only_and_no_exit_reasons(world, client_for):
    page = (
        client_for(world.governor_a)
        .get(reverse("support:people") + "?term=2026-27-autumn")
        .content.decode()
    )

    assert world.school_a.name in page and world.school_b.name not in page
    assert "The trust" not in page and "Why leavers left" not in page


def test_a_bad_term_is_a_clear_error(world, client_for):
    response = client_for(world.hr).get(reverse("support:people") + "?term=nonsense")

    assert response.status_code == 200 and b"is not a term" in response.content
