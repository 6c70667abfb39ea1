"""In Chromium: Get support from the footer, the exit questionnaire and HR pages, with axe."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from people.models import Role
from support import services
from support.models import ExitAnswer, HelpLine
from tests.browser import assert_accessible, login
from tests.factories import RoleAssignmentFactory, StaffMemberFactory
from tests.held_mail import held_mail_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_open_get_support_from_the_footer_and_see_their_own_schools_first_aiders(cast, page):
    HelpLine.objects.create(
        name="Trust EAP", offers="Confidential counselling", phone="0800 000 0000", hours="24 hours"
    )
    cast.first_aider_a.first_name, cast.first_aider_a.last_name = "Ada", "Alderson"
    cast.first_aider_a.save()
    other = StaffMemberFactory(
        school=cast.school_b, user__first_name="Beatrix", user__last_name="Birch"
    ).user
    RoleAssignmentFactory(user=other, role=Role.FIRST_AIDER, school=cast.school_b)

    login(page, cast.staff_a.email)
    page.get_by_role("contentinfo").get_by_role("link", name="Get support").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Get support"
    expect(page.get_by_role("heading", name="Trust EAP")).to_be_visible()
    body = page.locator("main").inner_text()
    assert "Ada Alderson" in body and "Beatrix Birch" not in body
    assert_accessible(page)

    page.get_by_role("link", name="Read the flexible working policy and how to ask").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Flexible working"
    assert_accessible(page)


def test_a_leaver_answers_once_without_signing_in(cast, page):
    leaver = StaffMemberFactory(
        school=cast.school_a, end_date=timezone.localdate() + timedelta(days=10)
    )
    services.exit_interviews_offer(staff_ids=[leaver.pk])
    held_mail_send()
    path = re.search(r"/support/exit/[^/]+/", mail.outbox[-1].body).group(0)

    page.goto(path)
    assert_accessible(page)
    page.get_by_label("Workload", exact=True).check()
    page.get_by_label("A lighter workload").check()
    page.get_by_role("button", name="Send my answers").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you"
    assert ExitAnswer.objects.get().reasons == ["workload"]

    page.goto(path)
    assert page.get_by_role("heading", level=1).inner_text() == "This link no longer works"


def test_hr_pages_pass_axe(cast, page, terms):
    cast.first_aider_a.role_assignments.filter(role=Role.FIRST_AIDER).update(
        trained_on=date(2024, 1, 1), training_lapses_on=timezone.localdate() + timedelta(days=20)
    )
    login(page, cast.hr.email)
    for path in [
        "/support/coverage/",
        "/support/people/?term=2026-27-autumn",
        "/support/casework/",
        "/support/flexible-working/register/",
        "/support/flexible-working/register/add/",
    ]:
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert_accessible(page)
