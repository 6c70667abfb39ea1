"""Existing feed addresses keep working when their plain tokens are replaced by hashes."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from icalendar import Calendar

from people.models import User
from workload.models import CalendarToken

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("workload", "0004_calendartoken_token_hash")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def _migrate_to_latest():
    """Forward to every app's latest migration: later ones (the outbox's, say) must be back too."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_stored_plain_tokens_are_hashed_and_their_addresses_still_open(client):
    user = User.objects.create(email="subscriber@example.org")
    old_apps = _migrate(BEFORE)
    try:
        OldToken = old_apps.get_model("workload", "CalendarToken")
        OldToken.objects.create(user_id=user.pk, token="plain-token-from-before-" + "a" * 20)
    finally:
        _migrate_to_latest()
    entry = CalendarToken.objects.get(user=user)
    assert entry.token_hash == CalendarToken.hash_of("plain-token-from-before-" + "a" * 20)
    columns = [
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), CalendarToken._meta.db_table
        )
    ]
    assert "token" not in columns
    response = client.get(
        reverse("workload:calendar_feed", args=["plain-token-from-before-" + "a" * 20])
    )
    assert response.status_code == 200
    assert Calendar.from_ical(response.content).walk("VEVENT") == []


def test_going_back_forgets_the_hashed_addresses():
    user = User.objects.create(email="subscriber@example.org")
    CalendarToken.objects.create(user=user, token_hash=CalendarToken.hash_of("t" * 43))
    try:
        old_apps = _migrate(BEFORE)
        assert not old_apps.get_model("workload", "CalendarToken").objects.exists()
    finally:
        _migrate_to_latest()
