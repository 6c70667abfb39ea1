"""The Django admin shows nothing that reveals what one person answered, or lets it be lined up."""

from datetime import date

import pytest
from django.contrib import admin
from django.urls import reverse

from actions import services as action_services
from actions.models import DifferenceVote, DifferenceVoter
from support.models import ExitAnswer, ExitInvitation
from surveys.models import Comment, Invitation, PendingResponse, Response
from tests.factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.mark.parametrize(
    "model",
    [Response, Comment, PendingResponse, Invitation, ExitAnswer, ExitInvitation, DifferenceVoter],
)
def test_no_row_of_answers_or_of_who_took_part_is_registered_in_the_admin(model):
    assert not admin.site.is_registered(model)


def test_the_admin_does_not_show_how_one_person_said_an_action_helped(cast, client_for, superuser):
    action = action_services.action_create(
        by=cast.head_a,
        school=cast.school_a,
        theme="workload",
        you_said="Too many emails after six.",
        we_will="Agree an email charter with staff.",
        owner=cast.head_a,
        due_on=date(2027, 2, 1),
        status="in_progress",
    )
    action_services.difference_record(action=action, user=cast.staff_a, made_difference=False)
    client = client_for(superuser)
    page = client.get(reverse("admin:actions_action_change", args=[action.pk]))
    assert page.status_code == 200
    adminform = page.context["adminform"]
    shown = set(adminform.form.fields) | set(adminform.readonly_fields)
    assert not shown & {"made_difference", "made_no_difference"}
    assert "difference" not in page.content.decode().lower()
    listing = client.get(reverse("admin:actions_action_changelist"), {"q": "emails"})
    assert listing.status_code == 200
    # The answer waits to be counted with others; the admin changed nothing.
    assert DifferenceVote.objects.filter(action=action, made_difference=False).count() == 1
