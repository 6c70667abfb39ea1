"""Getting a report's committee pack as a reader does: ask for the PDF, follow the pack's page
until it is ready (at once in eager mode; polling while a real worker makes it), download."""

import time

from django.db import connection
from django.test import TestCase
from django.urls import resolve, reverse


def ask(client, url, *, method="get"):
    """A request that may queue a job. Inside a test's transaction the job's message goes out
    when the request is over (as a commit would send it), so the response shows it queued."""
    if not connection.in_atomic_block:  # a transactional test: commits send it
        return getattr(client, method)(url)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return getattr(client, method)(url)


def committee_pack(client, report, *, wait_seconds: float = 120) -> bytes:
    """The PDF bytes of the report's pack for the client's reader; fails on a failed pack.

    Waiting reads the page's JSON progress, as the page's script does (with a worker in this
    process, the templates it renders would mix into a page's response.context).
    """
    response = ask(client, reverse("dashboards:report_pdf", args=[report.pk]))
    assert response.status_code == 302, response.status_code
    url = response["Location"]
    match = resolve(url)
    if match.url_name == "pack_status":
        pk = match.kwargs["pk"]
        deadline = time.monotonic() + wait_seconds
        while not (progress := client.get(reverse("dashboards:pack_progress", args=[pk])).json())[
            "finished"
        ]:
            assert time.monotonic() < deadline, f"the pack was not ready in time: {progress}"
            time.sleep(0.25)
        assert not progress["failed"], progress["reason"]
        page = client.get(url)
        assert page.status_code == 200
        url = reverse("dashboards:pack_download", args=[pk])
        assert f'href="{url}"' in page.content.decode()  # the finished page offers it
    assert resolve(url).url_name == "pack_download", url
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content
