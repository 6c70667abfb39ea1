"""Publishing notifies the audience through a real Celery worker on Redis."""

import time
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from charters import services
from tests.charters.helpers import published_charter

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TUESDAY_10AM = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def test_the_worker_emails_the_schools_staff_when_a_charter_is_published(cast, celery_worker):
    charter = published_charter(cast.hr, title="Birch staff charter", school=cast.school_b)
    draft = services.draft_start(charter=charter)
    with mock.patch("django.utils.timezone.now", return_value=TUESDAY_10AM):
        services.charter_publish(version=draft, by=cast.hr, change_summary="Shorter meetings.")
        deadline = time.monotonic() + 20
        while len(mail.outbox) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    assert sorted(m.to[0] for m in mail.outbox) == ["head.b@example.org", "staff.b@example.org"]
    assert all("Shorter meetings." in m.body for m in mail.outbox)
