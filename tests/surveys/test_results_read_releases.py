"""Every results page, chart, export and dashboard reads a stored release, never the responses.

Two checks: no module that shows results names the `Response` model at all (only the writes
that build a release may), and every page of the portal, opened by the roles that read results,
runs no query on the responses tables.
"""

import re
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.surveys.helpers import closed_round_with_results
from tests.url_walk import ROUTES

ROOT = Path(__file__).resolve().parents[2]
# The writes that take and open pending responses and plan a release, and the import of old
# responses.
MAY_READ_RESPONSES = {
    "surveys/models.py",
    "surveys/services.py",
    "surveys/responding.py",
    "surveys/imports.py",
    "surveys/demo.py",
    "surveys/admin.py",
}
RESPONSE_TABLES = re.compile(r'"surveys_(response|pendingresponse)"')


def _app_modules():
    for app in ("surveys", "dashboards", "actions", "support", "people", "workload", "charters"):
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in relative:
                yield relative, path.read_text()


def test_only_the_release_writes_name_the_response_model():
    offenders = [
        relative
        for relative, text in _app_modules()
        if relative not in MAY_READ_RESPONSES
        and re.search(r"\bResponse\b(?!\()", text.replace("HttpResponse", ""))
        and re.search(r"import[^\n]*\bResponse\b|\bResponse\.objects|models\.Response\b", text)
    ]
    assert offenders == []


def test_the_check_above_would_catch_a_view_reading_responses():
    text = "from surveys.models import Response\nResponse.objects.filter(round=r)\n"
    assert re.search(r"import[^\n]*\bResponse\b|\bResponse\.objects", text)


@pytest.mark.parametrize("role", ["hr", "head_a", "trustee", "governor_a"])
def test_no_page_reads_the_responses_tables(cast, client, role):
    closed_round_with_results(cast)
    client.force_login(cast.user(role))
    readers = []
    for route in ROUTES:
        if role not in route.allowed or route.name.startswith(("surveys:take", "surveys:thanks")):
            continue
        # Each page's objects are made and dropped in a savepoint of their own.
        with transaction.atomic():
            url = reverse(route.name, kwargs=route.kwargs(cast))
            url += f"?{route.query}" if route.query else ""
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            transaction.set_rollback(True)
        if any(RESPONSE_TABLES.search(q["sql"]) for q in queries.captured_queries):
            readers.append(route.name)
    assert readers == []
