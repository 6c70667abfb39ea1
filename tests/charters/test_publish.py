"""Publishing: numbering, change summaries, new drafts, and the email that waits out quiet hours."""

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from charters import services
from charters.models import CharterVersion, Pledge
from tests.charters.helpers import first_pledge, next_version, published_charter

UK = ZoneInfo("Europe/London")
MONDAY_8PM = datetime(2026, 11, 23, 20, 0, tzinfo=UK)
FRIDAY_8PM = datetime(2026, 11, 27, 20, 0, tzinfo=UK)


def _publish_at(moment, cast, django_capture_on_commit_callbacks):
    """Publish a second version with the clock fixed at `moment`; the publication emails."""
    from notifications.models import NotificationRecord

    charter = published_charter(cast.hr)
    draft = services.draft_start(charter=charter)
    with (
        mock.patch("django.utils.timezone.now", return_value=moment),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.charter_publish(version=draft, by=cast.hr, change_summary="Tidied up.")
    return NotificationRecord.objects.filter(template="charters/email/published")


@pytest.mark.django_db
def test_publishing_at_8pm_on_a_weekday_queues_email_for_7am_next_working_day(
    cast, django_capture_on_commit_callbacks
):
    records = _publish_at(MONDAY_8PM, cast, django_capture_on_commit_callbacks)
    assert records.count() == 8  # every current member of staff, one email each
    assert {r.due_at for r in records} == {datetime(2026, 11, 24, 7, 0, tzinfo=UK)}
    # Held until 07:00 (the outbox sweep sends them then), with their addresses.
    assert mail.outbox == [] and not records.filter(sent_at__isnull=False).exists()
    recipients = {r.to[0] for r in records}
    assert "staff.a@example.org" in recipients and "staff.b@example.org" in recipients
    assert "governor.a@example.org" not in recipients  # no staff record: not the audience


@pytest.mark.django_db
def test_publishing_on_friday_evening_waits_until_monday_morning(
    cast, django_capture_on_commit_callbacks
):
    records = _publish_at(FRIDAY_8PM, cast, django_capture_on_commit_callbacks)
    assert {r.due_at for r in records} == {datetime(2026, 11, 30, 7, 0, tzinfo=UK)}


@pytest.mark.django_db
def test_publishing_in_working_hours_sends_at_once_to_the_audience(
    cast, django_capture_on_commit_callbacks
):
    charter = published_charter(cast.hr, school=cast.school_a, title="Alder staff charter")
    draft = services.draft_start(charter=charter)
    with (
        mock.patch("django.utils.timezone.now", return_value=datetime(2026, 11, 24, 10, tzinfo=UK)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.charter_publish(version=draft, by=cast.hr, change_summary="Clearer wording.")
    recipients = {m.to[0] for m in mail.outbox}
    assert "staff.a@example.org" in recipients
    assert "staff.b@example.org" not in recipients  # another school's charter
    message = next(m for m in mail.outbox if m.to == ["staff.a@example.org"])
    assert message.subject == "A new version of Alder staff charter has been published"
    assert "Clearer wording." in message.body
    assert "compare/?from=1&to=2" in message.body


@pytest.mark.django_db
def test_versions_are_numbered_and_need_a_change_summary_after_the_first(cast):
    charter = published_charter(cast.hr)
    assert charter.current_version.number == 1
    assert charter.current_version.change_summary == "First version."
    draft = services.draft_start(charter=charter)
    with pytest.raises(services.CharterError, match="summary"):
        services.charter_publish(version=draft, by=cast.hr, change_summary="  ", notify=False)
    version = next_version(charter, cast.hr, summary="Second.")
    assert version.number == 2 and version.published_by == cast.hr
    assert charter.current_version == version


@pytest.mark.django_db
def test_an_empty_draft_cannot_be_published(cast):
    charter = services.charter_create(kind="workload", title="Workload charter")
    with pytest.raises(services.CharterError, match="at least one pledge"):
        services.charter_publish(
            version=charter.versions.get(), by=cast.hr, change_summary="", notify=False
        )
    assert not CharterVersion.objects.filter(status="published").exists()


@pytest.mark.django_db
def test_a_new_draft_copies_the_current_version_and_keeps_pledge_keys(cast):
    charter = published_charter(
        cast.hr, pledges=[("Voice", [{"commitment": "A"}, {"commitment": "B", "detail": "*b*"}])]
    )
    draft = services.draft_start(charter=charter)
    old = list(Pledge.objects.filter(section__version=charter.current_version).order_by("position"))
    new = list(Pledge.objects.filter(section__version=draft).order_by("position"))
    assert [(p.key, p.commitment, p.detail) for p in old] == [
        (p.key, p.commitment, p.detail) for p in new
    ]
    assert services.draft_start(charter=charter) == draft  # one draft at a time


@pytest.mark.django_db
def test_hr_publishes_through_the_page_and_is_told_what_happens(
    cast, client_for, django_capture_on_commit_callbacks
):
    charter = published_charter(cast.hr)
    client = client_for(cast.hr)
    client.post(f"/charters/{charter.pk}/draft/start/")
    pledge = first_pledge(charter.versions.get(status="draft"))
    client.post(
        f"/charters/pledges/{pledge.pk}/edit/",
        {"commitment": "We will listen and act.", "owner_role": "head", "position": 1},
    )
    refused = client.post(f"/charters/{charter.pk}/draft/publish/", {"change_summary": ""})
    assert "Write a summary" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/charters/{charter.pk}/draft/publish/", {"change_summary": "Act too."}, follow=True
        )
    assert "Version 2 published" in response.content.decode()
    charter.refresh_from_db()
    assert first_pledge(charter.current_version).commitment == "We will listen and act."
