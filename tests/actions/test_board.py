from datetime import date

import pytest
from django.urls import reverse

from actions import services
from actions.models import Status

pytestmark = pytest.mark.django_db


def test_staff_see_their_schools_board_and_the_trusts(cast, make_action, client_for):
    mine = make_action(we_will="Protect PPA time at Alder.")
    trust = make_action(school=None, we_will="Review the trust email policy.")
    other = make_action(school="b", we_will="Birch-only duty rota change.")
    page = client_for(cast.staff_a).get(reverse("actions:board")).content.decode()
    assert mine.we_will in page and trust.we_will in page
    assert other.we_will not in page


def test_staff_cannot_open_another_schools_board(cast, client_for):
    response = client_for(cast.staff_a).get(reverse("actions:board"), {"school": cast.school_b.urn})
    assert response.status_code == 404


def test_trustees_choose_any_school(cast, make_action, client_for):
    make_action(school="b", we_will="Birch-only duty rota change.")
    page = client_for(cast.trustee).get(reverse("actions:board"), {"school": cast.school_b.urn})
    assert "Birch-only duty rota change." in page.content.decode()


def test_the_board_filters_by_status_and_theme(cast, make_action, client_for):
    make_action(we_will="Planned workload fix.")
    started = make_action(we_will="Started communication fix.", theme="communication")
    services.action_update(action=started, by=cast.head_a, status=Status.IN_PROGRESS)
    client = client_for(cast.staff_a)
    by_status = client.get(reverse("actions:board"), {"status": "in_progress"}).content.decode()
    assert "Started communication fix." in by_status and "Planned workload fix." not in by_status
    by_theme = client.get(reverse("actions:board"), {"theme": "workload"}).content.decode()
    assert "Planned workload fix." in by_theme and "Started communication fix." not in by_theme


def test_a_staff_member_of_another_school_gets_404_for_the_action_page(
    cast, make_action, client_for
):
    action = make_action()
    assert (
        client_for(cast.staff_b).get(reverse("actions:detail", args=[action.pk])).status_code == 404
    )


def test_overdue_actions_are_flagged(cast, make_action, client_for):
    make_action(due_on=date(2026, 9, 1))
    page = client_for(cast.staff_a).get(reverse("actions:board")).content.decode()
    assert "Overdue" in page


def test_the_board_takes_the_same_queries_at_two_sizes(
    cast, make_action, client_for, django_assert_num_queries
):
    client = client_for(cast.staff_a)
    make_action()
    make_action(school=None)
    client.get(reverse("actions:board"))
    with django_assert_num_queries(_count(client)) as first:
        client.get(reverse("actions:board"))
    assert len(first.captured_queries) == 10
    for index in range(6):
        make_action(we_will=f"Action {index}", owner=cast.champion_a)
        make_action(school=None, we_will=f"Trust action {index}")
    with django_assert_num_queries(10):
        client.get(reverse("actions:board"))


def _count(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        client.get(reverse("actions:board"))
    return len(context.captured_queries)
