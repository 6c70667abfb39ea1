"""Forms refuse ids of another school posted by hand (mass assignment / tampering)."""

from datetime import date

import pytest
from django.urls import reverse

from actions.models import Action
from support.models import FlexibleWorkingRequest
from workload.models import DataDrop, Meeting


def _meeting(school, people=(), **extra):
    return {
        "school": school.pk,
        "title": "Phonics catch-up",
        "purpose": "Agree the catch-up groups.",
        "agenda": "Groups\nTimetable",
        "location": "Library",
        "day": "2027-01-13",
        "start": "15:45",
        "finish": "16:30",
        "people": [p.pk for p in people],
        **extra,
    }


def test_a_head_cannot_schedule_a_meeting_for_another_school(cast, client_for):
    page = client_for(cast.head_a).post(
        reverse("workload:meeting_new"), _meeting(cast.school_b, [cast.staff_b.staff_member])
    )
    assert page.status_code == 200
    assert page.context["form"].errors["school"]
    assert not Meeting.objects.exists()


def test_a_head_cannot_invite_staff_of_another_school(cast, client_for):
    page = client_for(cast.head_a).post(
        reverse("workload:meeting_new"), _meeting(cast.school_a, [cast.staff_b.staff_member])
    )
    assert page.context["form"].errors["people"]
    assert not Meeting.objects.exists()


def test_a_head_cannot_record_an_action_for_another_school(cast, client_for):
    response = client_for(cast.head_a).post(
        reverse("actions:new", args=[cast.school_b.urn]),
        {
            "theme": "workload",
            "you_said": "x",
            "we_will": "y",
            "owner": cast.head_b.pk,
            "due_on": "2027-02-01",
            "status": "planned",
        },
    )
    assert response.status_code == 403
    assert not Action.objects.exists()


def test_a_head_cannot_make_someone_of_another_school_own_an_action(cast, client_for):
    page = client_for(cast.head_a).post(
        reverse("actions:new", args=[cast.school_a.urn]),
        {
            "theme": "workload",
            "you_said": "x",
            "we_will": "y",
            "owner": cast.head_b.pk,
            "due_on": "2027-02-01",
            "status": "planned",
        },
    )
    assert page.context["form"].errors["owner"]
    assert not Action.objects.exists()


def _flexible(school):
    return {
        "school": school.pk,
        "role_group": "teaching",
        "kind": "reduced_hours",
        "received_on": "2026-10-01",
        "decision": "open",
    }


def test_a_head_cannot_add_a_flexible_request_for_another_school(cast, client_for):
    page = client_for(cast.head_a).post(reverse("support:flexible_add"), _flexible(cast.school_b))
    assert page.context["form"].errors["school"]
    assert not FlexibleWorkingRequest.objects.exists()


def test_a_head_cannot_open_or_move_another_schools_flexible_request(cast, client_for):
    other = FlexibleWorkingRequest.objects.create(
        school=cast.school_b,
        role_group="teaching",
        kind="reduced_hours",
        received_on=date(2026, 10, 1),
    )
    client = client_for(cast.head_a)
    url = reverse("support:flexible_edit", args=[other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _flexible(cast.school_a)).status_code == 404
    other.refresh_from_db()
    assert other.school == cast.school_b


def test_a_head_cannot_move_their_request_to_another_school(cast, client_for):
    own = FlexibleWorkingRequest.objects.create(
        school=cast.school_a,
        role_group="teaching",
        kind="reduced_hours",
        received_on=date(2026, 10, 1),
    )
    page = client_for(cast.head_a).post(
        reverse("support:flexible_edit", args=[own.pk]), _flexible(cast.school_b)
    )
    assert page.context["form"].errors["school"]
    own.refresh_from_db()
    assert own.school == cast.school_a


def test_a_head_cannot_add_a_data_drop_for_another_school(cast, client_for):
    page = client_for(cast.head_a).post(
        reverse("workload:data_drop_new"),
        {"school": cast.school_b.pk, "title": "Autumn data", "due_on": "2026-12-04"},
    )
    assert page.context["form"].errors["school"]
    assert not DataDrop.objects.exists()


@pytest.mark.parametrize(
    "name", ["dashboards:school", "charters:status"], ids=["dashboard", "pledges"]
)
def test_a_governor_gets_403_for_another_schools_page(cast, client_for, name):
    client = client_for(cast.governor_a)
    if name == "dashboards:school":
        response = client.get(reverse(name, args=[cast.school_b.urn]))
    else:
        response = client.get(reverse(name), {"school": cast.school_b.urn})
    assert response.status_code == 403


def test_a_made_up_calendar_token_or_exit_link_opens_nothing(cast, client):
    assert client.get(reverse("workload:calendar_feed", args=["x" * 43])).status_code == 404
    assert client.get(reverse("support:exit_interview", args=["x" * 43])).status_code == 410
