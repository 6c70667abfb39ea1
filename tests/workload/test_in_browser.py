"""The issue's "done when", in Chromium with axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from school_calendar.terms import SchoolCalendar
from tests.browser import assert_accessible, login
from tests.workload.conftest import make_terms
from workload.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _next_working_day(school, after_days=7):
    calendar = SchoolCalendar(school)
    day = timezone.localdate() + timedelta(days=after_days)
    for _ in range(120):
        if calendar.is_working_day(day):
            return day
        day += timedelta(days=1)
    raise AssertionError("no working day ahead: extend the test's term dates")


def test_head_schedules_a_meeting_and_the_invitee_subscribes(cast, page, live_server):
    from tests.workload.conftest import TERMS_2025_26, TERMS_2026_27

    make_terms(TERMS_2025_26 + TERMS_2026_27)
    day = _next_working_day(cast.school_a)

    login(page, cast.head_a.email)
    page.goto("/workload/meetings/new/")
    assert_accessible(page)
    page.locator("#id_school").select_option(label=cast.school_a.name)
    page.locator("#id_title").fill("Reading curriculum")
    page.locator("#id_purpose").fill("Agree the new phonics sequence")
    page.locator("#id_day").fill(day.isoformat())
    page.locator("#id_start").fill("15:45")
    page.locator("#id_finish").fill("17:30")
    page.get_by_label("All teaching staff at the school").check()
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("A meeting needs an agenda.")).to_be_visible()
    expect(
        page.get_by_text("Meetings must finish by 17:00; this one ends at 17:30.")
    ).to_be_visible()
    assert_accessible(page)
    page.locator("#id_agenda").fill("1. Phonics sequence\n2. Reading for pleasure")
    page.locator("#id_finish").fill("16:45")
    page.get_by_role("button", name="Schedule").click()
    page.get_by_role("heading", level=1, name="Reading curriculum").wait_for()
    assert_accessible(page)
    meeting = Meeting.objects.get()
    assert cast.staff_a.staff_member in meeting.invitees.all()

    page.context.clear_cookies()
    login(page, cast.staff_a.email)
    page.goto("/workload/meetings/")
    expect(page.get_by_role("link", name="Reading curriculum")).to_be_visible()
    page.get_by_role("button", name=re.compile("Create my calendar address")).click()
    assert_accessible(page)
    feed_url = page.get_by_label("Your private calendar address").input_value()
    response = page.request.get(feed_url)
    assert response.ok
    [event] = Calendar.from_ical(response.body()).walk("VEVENT")
    assert str(event["summary"]) == "Reading curriculum"
    assert event.decoded("dtstart") == meeting.starts_at
    page.get_by_role("link", name="Back to my meetings").click()
    expect(page.get_by_text("cannot show it again")).to_be_visible()
    assert feed_url not in page.content()
    assert_accessible(page)

    for path in (
        "/workload/",
        "/workload/quiet-hours/?day=2026-10-23&time=18:30",
        "/workload/directed-time/",
        "/workload/data-drops/",
        "/workload/impact-assessments/",
    ):
        page.goto(path)
        assert_accessible(page)


def test_hr_pages_are_accessible(cast, page):
    from workload.demo import IMPACT_ASSESSMENTS  # noqa: F401  (the demo data module imports cleanly)

    login(page, cast.hr.email)
    for path in (
        "/workload/rules/",
        "/workload/rules/?school=100001",
        "/workload/terms/",
        "/workload/directed-time/events/new/",
        "/workload/data-drops/new/",
        "/workload/impact-assessments/new/",
    ):
        page.goto(path)
        assert_accessible(page)
    page.goto("/workload/rules/")
    page.locator("#id_max_meeting_minutes").fill("50")
    page.locator("#id_reason").fill("Charter review")
    page.get_by_role("button", name="Save the rules").click()
    page.get_by_role("cell", name="Charter review").wait_for()
    assert_accessible(page)
