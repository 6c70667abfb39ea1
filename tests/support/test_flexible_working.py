"""The flexible working register HR and heads keep."""

from datetime import date

import pytest
from django.urls import reverse

from support.models import FlexibleWorkingRequest
from support.selectors import flexible_summary

pytestmark = pytest.mark.django_db


def _request(school, received, decision="open", decided=None, reason=""):
    return FlexibleWorkingRequest.objects.create(
        school=school,
        role_group="teaching",
        kind="compressed_hours",
        received_on=received,
        decision=decision,
        decided_on=decided,
        decline_reason=reason,
    )


def test_a_head_records_a_request_for_their_own_school_only(cast, client_for):
    client = client_for(cast.head_a)
    data = {
        "school": cast.school_b.pk,
        "role_group": "support",
        "kind": "job_share",
        "received_on": "2026-10-05",
        "decision": "open",
    }

    refused = client.post(reverse("support:flexible_add"), data)
    assert refused.status_code == 200 and not FlexibleWorkingRequest.objects.exists()
    client.post(reverse("support:flexible_add"), {**data, "school": cast.school_a.pk})
    assert FlexibleWorkingRequest.objects.get().school == cast.school_a


def test_a_declined_request_needs_a_reason_and_a_decision_date(cast, client_for):
    request = _request(cast.school_a, date(2026, 10, 1))
    url = reverse("support:flexible_edit", args=[request.pk])
    data = {
        "school": cast.school_a.pk,
        "role_group": "teaching",
        "kind": "compressed_hours",
        "received_on": "2026-10-01",
        "decision": "declined",
    }

    response = client_for(cast.head_a).post(url, data)
    assert b"Give the date the decision was made" in response.content
    assert b"Give the business reason for declining" in response.content
    client_for(cast.head_a).post(
        url, {**data, "decided_on": "2026-10-20", "decline_reason": "No cover."}
    )
    request.refresh_from_db()
    assert (request.decision, request.days_to_decision) == ("declined", 19)


def test_another_schools_head_cannot_open_the_request(cast, client_for):
    request = _request(cast.school_a, date(2026, 10, 1))

    assert (
        client_for(cast.head_b).get(reverse("support:flexible_edit", args=[request.pk])).status_code
        == 404
    )


def test_the_register_lists_only_the_heads_school(cast, client_for):
    _request(cast.school_a, date(2026, 10, 1))
    _request(cast.school_b, date(2026, 10, 2))

    page = client_for(cast.head_b).get(reverse("support:flexible_list")).content.decode()
    assert cast.school_b.name in page and cast.school_a.name not in page


def test_the_summary_counts_decisions_and_the_median_days(cast):
    _request(cast.school_a, date(2026, 9, 1), "granted", date(2026, 9, 11))  # 10 days
    _request(cast.school_a, date(2026, 9, 1), "granted", date(2026, 10, 1))  # 30 days
    _request(cast.school_a, date(2026, 9, 5), "declined", date(2026, 9, 25), "No cover.")  # 20 days
    _request(cast.school_a, date(2026, 11, 1))
    summary = flexible_summary(
        requests=FlexibleWorkingRequest.objects.all(),
        first=date(2026, 9, 1),
        last=date(2026, 12, 18),
    )

    assert summary == {"granted": 2, "declined": 1, "open": 1, "median_days_to_decision": 20}
