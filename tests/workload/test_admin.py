"""The workload models in the Django admin: history read-only, no email content or addresses."""

from datetime import time

import pytest
from django.contrib import admin
from django.urls import reverse

from notifications.models import NotificationRecord
from school_calendar.models import Term
from tests.factories import UserFactory
from workload.models import CalendarToken, Meeting, RulesChange, WorkloadRules
from workload.services import calendar_token_renew, rules_update


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.mark.parametrize(
    "name",
    [
        "school_calendar_term",
        "workload_workloadrules",
        "workload_ruleschange",
        "workload_meeting",
        "workload_directedevent",
        "workload_datadrop",
        "workload_impactassessment",
        "notifications_notificationrecord",
        "workload_calendartoken",
    ],
)
def test_every_workload_list_opens(name, superuser, client_for, cast):
    response = client_for(superuser).get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", [RulesChange, NotificationRecord, Meeting])
def test_history_cannot_be_added_changed_or_deleted(model, superuser, rf):
    request = rf.get("/")
    request.user = superuser
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.has_view_permission(request)


def test_notification_records_never_show_addresses_or_content(cast, superuser, client_for):
    from django.utils import timezone

    now = timezone.now()
    record = NotificationRecord.objects.create(  # held until the end of quiet hours
        template="workload/email/meeting_invitation",
        recipients=1,
        school=cast.school_a,
        queued_at=now,
        due_at=now + timezone.timedelta(hours=12),
        to=["someone@example.org"],
        subject="Meeting: Phase meeting",
        text_body="Phase meeting",
        html_body="<p>Phase meeting</p>",
    )
    client = client_for(superuser)
    for url in (
        reverse("admin:notifications_notificationrecord_change", args=[record.pk]),
        reverse("admin:notifications_notificationrecord_changelist"),
    ):
        page = client.get(url).content.decode()
        assert "someone@example.org" not in page and "Phase meeting" not in page


def test_rules_saved_in_the_admin_are_recorded_in_the_history(cast, superuser, client_for):
    rules_update(school=None, values={}, changed_by=None)
    rules = WorkloadRules.objects.get(school=None)
    form = {
        "latest_meeting_finish": "16:30",
        "max_meeting_minutes": 60,
        "min_notice_days": 5,
        "quiet_from": "18:00",
        "quiet_until": "07:00",
        "quiet_weekends": "on",
        "quiet_school_holidays": "on",
        "max_data_drops": 3,
        "changes-TOTAL_FORMS": "0",
        "changes-INITIAL_FORMS": "0",
    }
    response = client_for(superuser).post(
        reverse("admin:workload_workloadrules_change", args=[rules.pk]), form
    )
    assert response.status_code == 302
    rules.refresh_from_db()
    assert rules.latest_meeting_finish == time(16, 30)
    change = RulesChange.objects.get(changed_by=superuser)
    assert change.changed_by == superuser and change.changes["latest_meeting_finish"] == [
        "17:00",
        "16:30",
    ]


def test_calendar_tokens_are_never_shown(cast, superuser, client_for):
    entry, token = calendar_token_renew(user=cast.staff_a)
    client = client_for(superuser)
    response = client.get(reverse("admin:workload_calendartoken_change", args=[entry.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert token not in page and entry.token_hash not in page
    listing = client.get(reverse("admin:workload_calendartoken_changelist")).content.decode()
    assert token not in listing and entry.token_hash not in listing
    assert CalendarToken.objects.count() == 1


def test_terms_in_the_admin_get_the_same_checks(cast, superuser, client_for):
    response = client_for(superuser).post(
        reverse("admin:school_calendar_term_add"),
        {
            "academic_year": "2026-27",
            "term": "autumn",
            "school": "",
            "first_day": "2026-09-01",
            "last_day": "2026-08-01",
        },
    )
    assert (
        response.status_code == 200
        and "The last day is before the first day." in response.content.decode()
    )
    assert not Term.objects.exists()
