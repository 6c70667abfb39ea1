"""Inviting people: tick boxes (no Ctrl-click), groups including a department, and a search box
added by the script (progressive enhancement)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser import assert_accessible, login
from workload.models import Meeting


def _form(cast, **extra):
    return {
        "school": cast.school_a.pk,
        "title": "Maths moderation",
        "purpose": "Agree marks",
        "agenda": "1. Year 6 papers",
        "day": "2026-12-01",
        "start": "15:45",
        "finish": "16:30",
        **extra,
    }


def _departments(cast):
    cast.staff_a.staff_member.department = "Maths"
    cast.staff_a.staff_member.save()
    cast.head_a.staff_member.department = "English"
    cast.head_a.staff_member.save()


@pytest.mark.django_db
def test_a_department_is_a_group_to_invite(terms, cast, client_for):
    _departments(cast)
    client = client_for(cast.head_a)
    page = client.get(reverse("workload:meeting_new")).content.decode()
    boxes = re.findall(r'<input type="checkbox"[^>]* name="people"', page)
    assert len(boxes) >= 3 and "<select" not in page.split('id="div_id_people"')[1][:2000]
    assert "The Maths department at the school" in page
    response = client.post(
        reverse("workload:meeting_new"), _form(cast, groups=["department:Maths"])
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert list(meeting.invitees.all()) == [cast.staff_a.staff_member]
    assert meeting.invited_groups == "The Maths department at Alder Primary School"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_narrows_the_people_list(terms, cast, browser, live_server):
    cast.staff_a.first_name, cast.staff_a.last_name = "Priya", "Okafor"
    cast.staff_a.save()
    page = browser.new_page(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page.set_default_timeout(15000)
    try:
        login(page, "head.a@example.org")
        page.goto("/workload/meetings/new/")
        search = page.get_by_label("Search people by name or school")
        search.fill("okaf")
        page.get_by_text("1 of").wait_for()
        expect(page.get_by_label("Priya Okafor (Alder Primary School)")).to_be_visible()
        page.get_by_label("Priya Okafor (Alder Primary School)").check()
        search.fill("nobody-like-this")
        expect(page.get_by_label("Priya Okafor (Alder Primary School)")).to_be_visible()  # ticked
        assert_accessible(page)
    finally:
        page.close()
