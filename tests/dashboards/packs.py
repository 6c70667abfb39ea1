"""Getting a report's committee pack as a reader does: ask for the PDF, follow the pack's page
until it is ready (at once in eager mode; polling while a real worker makes it), download."""

import time

from django.db import connection
from django.test import TestCase
from django.urls import reverse


def ask(client, url, *, method="get"):
    """A request that may queue a job. Inside a test's transaction the job's message goes out
    when the request is over (as a commit would send it), so the response shows it queued."""
    if not connection.in_atomic_block:  # a transactional test: commits send it
        return getattr(client, method)(url)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return getattr(client, method)(url)


def committee_pack(client, report, *, wait_seconds: float = 120) -> bytes:
    """The PDF bytes of the report's pack for the client's reader; fails on a failed pack."""
    response = ask(client, reverse("dashboards:report_pdf", args=[report.pk]))
    assert response.status_code == 302, response.status_code
    url = response["Location"]
    deadline = time.monotonic() + wait_seconds
    while True:
        response = client.get(url)
        if response.status_code == 302:
            url = response["Location"]
            continue
        assert response.status_code == 200, (url, response.status_code)
        if response["Content-Type"] == "application/pdf":
            return response.content
        progress = response.context["progress"]
        assert not progress["failed"], progress["reason"]
        if progress["finished"]:
            url = reverse("dashboards:pack_download", args=[response.context["pack"].pk])
            continue
        assert time.monotonic() < deadline, f"the pack was not ready in time: {progress}"
        time.sleep(0.25)
