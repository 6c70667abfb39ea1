"""The Get support page: help lines for everyone, and only the person's own school's contacts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import Role
from support.models import HelpLine
from tests.factories import RoleAssignmentFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db

URL = reverse("support:index")


@pytest.fixture
def contacts(cast):
    HelpLine.objects.create(name="Trust EAP", offers="Counselling, 24 hours", phone="0800 000 0000")
    b_aider = StaffMemberFactory(
        school=cast.school_b, user__first_name="Beatrix", user__last_name="Birchley"
    ).user
    RoleAssignmentFactory(
        user=b_aider, role=Role.FIRST_AIDER, school=cast.school_b, contact_details="Room B1"
    )
    cast.first_aider_a.first_name, cast.first_aider_a.last_name = "Ada", "Alderson"
    cast.first_aider_a.save()
    cast.first_aider_a.role_assignments.filter(role=Role.FIRST_AIDER).update(
        contact_details="Room A7"
    )
    return cast


def test_staff_see_help_lines_and_their_own_schools_first_aiders_only(contacts, client_for):
    page = client_for(contacts.staff_a).get(URL).content.decode()

    assert "Trust EAP" in page and "tel:08000000000" in page
    assert "Ada Alderson" in page and "Room A7" in page
    assert contacts.champion_a.email in page
    assert "Beatrix" not in page and "Room B1" not in page


def test_school_b_staff_see_school_b_contacts(contacts, client_for):
    page = client_for(contacts.staff_b).get(URL).content.decode()

    assert "Beatrix Birchley" in page and "Ada Alderson" not in page


def test_a_governor_sees_the_school_they_govern(contacts, client_for):
    page = client_for(contacts.governor_b).get(URL).content.decode()

    assert "Beatrix Birchley" in page and "Ada Alderson" not in page


def test_central_staff_and_trustees_see_the_help_lines_without_school_contacts(
    contacts, client_for
):
    page = client_for(contacts.trustee).get(URL).content.decode()

    assert "Trust EAP" in page and "not attached to a school" in page


def test_opening_the_page_records_nothing(contacts, client_for):
    client = client_for(contacts.staff_a)
    client.get(URL)  # the session is already stored; watch a second visit
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_the_page_takes_the_same_queries_with_more_contacts(
    contacts, client_for, django_assert_num_queries
):
    client = client_for(contacts.staff_a)
    client.get(URL)
    with CaptureQueriesContext(connection) as first:
        client.get(URL)
    assert len(first) == 7
    for _ in range(5):
        HelpLine.objects.create(
            name="Another line", offers="Help", website="https://help.example.org/"
        )
        user = StaffMemberFactory(school=contacts.school_a).user
        RoleAssignmentFactory(user=user, role=Role.CHAMPION, school=contacts.school_a)
    with django_assert_num_queries(7):
        client.get(URL)


def test_hr_adds_edits_and_removes_a_help_line(cast, client_for):
    client = client_for(cast.hr)
    response = client.post(
        reverse("support:help_line_add"),
        {
            "name": "Education Support",
            "offers": "Counselling",
            "phone": "08000 562 561",
            "position": 1,
        },
    )
    assert response.status_code == 302
    line = HelpLine.objects.get()
    client.post(
        reverse("support:help_line_edit", args=[line.pk]),
        {
            "name": "Education Support",
            "offers": "Free counselling",
            "website": "educationsupport.org.uk",
            "position": 1,
        },
    )
    line.refresh_from_db()
    assert line.offers == "Free counselling" and line.website == "https://educationsupport.org.uk"
    client.post(reverse("support:help_line_delete", args=[line.pk]))
    assert not HelpLine.objects.exists()


def test_a_help_line_needs_a_phone_or_a_website(cast, client_for):
    response = client_for(cast.hr).post(
        reverse("support:help_line_add"), {"name": "X", "offers": "Y", "position": 0}
    )

    assert response.status_code == 200 and b"phone number, a website or both" in response.content
    assert not HelpLine.objects.exists()


def test_staff_cannot_remove_help_lines(cast, client_for):
    line = HelpLine.objects.create(name="EAP", offers="Help", phone="1")

    assert (
        client_for(cast.staff_a)
        .post(reverse("support:help_line_delete", args=[line.pk]))
        .status_code
        == 403
    )
    assert HelpLine.objects.exists()


def test_the_flexible_working_policy_is_shown_sanitised(cast, client_for):
    client_for(cast.hr).post(
        reverse("support:flexible_policy_edit"),
        {"text": "Ask your **head**. <script>alert(1)</script>"},
    )
    page = client_for(cast.staff_a).get(reverse("support:flexible_policy")).content.decode()

    assert "<strong>head</strong>" in page and "<script>alert" not in page
