"""First-aider and training coverage, HR's training records and the lapsing-training reminder."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from people.models import Role, RoleAssignment
from support import services
from support.training import coverage
from tests.factories import RoleAssignmentFactory, StaffMemberFactory, UserFactory
from tests.held_mail import held_mail_send

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@pytest.fixture
def trained(cast):
    cast.first_aider_a.role_assignments.filter(role=Role.FIRST_AIDER).update(
        trained_on=date(2024, 1, 10),
        training_lapses_on=date(2027, 1, 10),  # lapses within 90 days
    )
    RoleAssignmentFactory(
        user=UserFactory(first_name="Old", last_name="Lapsed"),
        role=Role.FIRST_AIDER,
        school=cast.school_b,
        trained_on=date(2022, 1, 1),
        training_lapses_on=date(2025, 1, 1),
    )
    return cast


def test_coverage_counts_first_aiders_per_50_staff_and_flags_schools_with_none(trained):
    result = coverage(schools=[trained.school_a, trained.school_b], today=TODAY)

    a, b = result["rows"]
    # School A: 5 staff in post, one trained first aider: 50 × 1 ÷ 5 = 10.
    assert (a["headcount"], a["first_aiders"], a["first_aiders_per_50_staff"]) == (5, 1, 10.0)
    assert a["champions"] == 1 and a["lapsing"] == 1
    assert (b["first_aiders"], b["lapsing"]) == (0, 0)  # lapsed already: not lapsing, not counted
    assert result["schools_without_first_aider"] == [trained.school_b]


def test_governors_see_their_own_schools_coverage_only(trained, client_for):
    page = client_for(trained.governor_a).get(reverse("support:coverage")).content.decode()

    assert trained.school_a.name in page and trained.school_b.name not in page
    assert "Old Lapsed" not in page


def test_hr_sees_every_school_and_the_lapsed_training(trained, client_for):
    page = client_for(trained.hr).get(reverse("support:coverage")).content.decode()

    assert trained.school_b.name in page and "Old Lapsed" in page and "lapsed" in page


def test_hr_records_training_dates_and_refuses_a_lapse_before_training(trained, client_for):
    assignment = trained.first_aider_a.role_assignments.get(role=Role.FIRST_AIDER)
    url = reverse("support:training_edit", args=[assignment.pk])
    client = client_for(trained.hr)

    bad = client.post(url, {"trained_on": "2026-05-01", "training_lapses_on": "2026-04-01"})
    assert bad.status_code == 200 and b"must lapse after" in bad.content
    client.post(
        url,
        {"trained_on": "2026-05-01", "training_lapses_on": "2029-05-01", "contact_details": "A7"},
    )
    assignment.refresh_from_db()
    assert (assignment.trained_on, assignment.contact_details) == (date(2026, 5, 1), "A7")


def test_hr_appoints_and_removes_a_first_aider(cast, client_for):
    person = StaffMemberFactory(school=cast.school_b).user
    client = client_for(cast.hr)

    response = client.post(
        reverse("support:support_role_add"),
        {
            "email": person.email.upper(),
            "role": "first_aider",
            "school": cast.school_b.pk,
            "trained_on": "2026-10-01",
            "training_lapses_on": "2029-10-01",
        },
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=person, role=Role.FIRST_AIDER)
    assert assignment.school == cast.school_b
    client.post(reverse("support:support_role_remove", args=[assignment.pk]))
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_appointing_an_unknown_email_is_a_clear_error(cast, client_for):
    response = client_for(cast.hr).post(
        reverse("support:support_role_add"),
        {"email": "nobody@example.org", "role": "first_aider", "school": cast.school_a.pk},
    )
    assert b"No active account has this email address" in response.content


def test_the_reminder_emails_hr_the_lapsed_and_lapsing_trainings(trained):
    assert services.training_reminders_send(today=TODAY) == 2
    held_mail_send()

    [message] = mail.outbox
    assert message.to == [trained.hr.email]
    assert "Old Lapsed" in message.body and "10 January 2027" in message.body


def test_no_reminder_when_nothing_lapses(cast):
    assert services.training_reminders_send(today=TODAY) == 0
    assert mail.outbox == []


def test_the_reminder_is_in_the_weekly_schedule():
    from wellbeing_portal.schedule import BEAT_SCHEDULE

    entry = BEAT_SCHEDULE["support-training-reminders-send"]
    assert entry["task"] == "support.tasks.training_reminders_send"
    assert entry["schedule"].day_of_week == {1}


def test_coverage_page_takes_the_same_queries_with_more_first_aiders(
    trained, client_for, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(trained.hr)
    client.get(reverse("support:coverage"))
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("support:coverage"))
    assert len(first) == 6
    for _ in range(4):
        RoleAssignmentFactory(
            user=UserFactory(),
            role=Role.FIRST_AIDER,
            school=trained.school_a,
            training_lapses_on=timezone.localdate() + timedelta(days=30),
        )
    with django_assert_num_queries(6):
        client.get(reverse("support:coverage"))
