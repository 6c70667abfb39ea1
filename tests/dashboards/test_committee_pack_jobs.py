"""The committee pack is made in the background, once per report version and reader scope: the
reader follows its stages on a page, downloads it when ready, retries a failed one; a reader
with another scope never gets it; old packs are deleted."""

import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards import pack_jobs
from dashboards.models import CommitteePack, TermlyReport
from dashboards.selectors import reader_scope, scope_urns
from people.models import Role
from tests.dashboards import walk
from tests.dashboards.packs import ask, committee_pack
from tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _pdf_url(report):
    return reverse("dashboards:report_pdf", args=[report.pk])


def _next_version(report) -> TermlyReport:
    return TermlyReport.objects.create(
        term_key=report.term_key,
        version=report.version + 1,
        built_at=timezone.now(),
        figures=report.figures,
        details=report.details,
        source=report.source,
    )


def test_asking_for_the_pdf_makes_the_pack_once_and_then_goes_straight_to_it(cast, client_for):
    report = walk.report(cast)
    client = client_for(cast.governor_a)
    first = committee_pack(client, report)
    assert first.startswith(b"%PDF-")
    made = CommitteePack.objects.get()
    assert made.status == CommitteePack.Status.DONE and made.stage == "done"
    assert made.scope == f"schools:{cast.school_a.urn}" and made.requested_by == cast.governor_a
    assert made.pdf_size == len(first) and made.kept_until == made.finished_at + timedelta(days=7)

    response = client.get(_pdf_url(report))  # asked again: no rebuild, straight to the download
    assert response["Location"] == reverse("dashboards:pack_download", args=[made.pk])
    again = CommitteePack.objects.get()
    assert (again.attempts, again.generation, again.finished_at) == (1, 1, made.finished_at)
    assert client.get(response["Location"]).content == first


def test_readers_with_the_same_schools_share_a_pack_and_no_one_else_opens_it(cast, client_for):
    report = walk.report(cast)
    governor_pdf = committee_pack(client_for(cast.governor_a), report)
    school_a_pack = CommitteePack.objects.get()
    assert committee_pack(client_for(cast.head_a), report) == governor_pdf  # same scope
    assert CommitteePack.objects.count() == 1

    for other in (cast.governor_b, cast.trustee, cast.hr):
        client = client_for(other)
        for name in ("pack_status", "pack_progress", "pack_download"):
            url = reverse(f"dashboards:{name}", args=[school_a_pack.pk])
            assert client.get(url).status_code == 404, (other, name)
        retry = reverse("dashboards:pack_retry", args=[school_a_pack.pk])
        assert client.post(retry).status_code == 404
    staff = client_for(cast.staff_a)
    assert staff.get(_pdf_url(report)).status_code == 403  # no report reader at all

    trust_pdf = committee_pack(client_for(cast.trustee), report)
    school_b_pdf = committee_pack(client_for(cast.governor_b), report)
    scopes = set(CommitteePack.objects.values_list("scope", flat=True))
    assert scopes == {
        f"schools:{cast.school_a.urn}",
        f"schools:{cast.school_b.urn}",
        "trust",
    }
    assert len({governor_pdf, trust_pdf, school_b_pdf}) == 3


def test_a_new_report_version_gets_its_own_pack(cast, client_for):
    report = walk.report(cast)
    client = client_for(cast.trustee)
    committee_pack(client, report)
    newer = _next_version(report)
    committee_pack(client, newer)
    assert sorted(CommitteePack.objects.values_list("report__version", flat=True)) == [1, 2]


def test_the_page_shows_the_stages_in_words_while_the_pack_waits(cast, client_for):
    report = walk.report(cast)
    waiting = CommitteePack.objects.create(
        report=report, scope=reader_scope(cast.trustee), dispatched_at=timezone.now()
    )
    client = client_for(cast.trustee)
    page = client.get(reverse("dashboards:pack_status", args=[waiting.pk])).content.decode()
    assert "Queued: Waiting for the background worker (0% done)" in page
    assert "Still to do:</span> Gathering the figures" in page
    assert "Still to do:</span> Laying out the pages of the PDF" in page
    assert 'src="/static/dashboards/build_progress.js"' in page  # updates itself
    assert "Check again" in page and "Download the committee pack" not in page
    # Before it is ready, the download leads back to the page.
    download = client.get(reverse("dashboards:pack_download", args=[waiting.pk]))
    assert download["Location"] == reverse("dashboards:pack_status", args=[waiting.pk])

    CommitteePack.objects.filter(pk=waiting.pk).update(status="running", stage="pages")
    progress = client.get(reverse("dashboards:pack_progress", args=[waiting.pk])).json()
    assert progress["status_text"] == "Making the PDF"
    assert progress["current"] == "Laying out the pages of the PDF"
    assert (progress["percent"], progress["finished"]) == (50, False)


def test_a_failed_pack_says_why_in_words_and_retry_makes_it(cast, client_for):
    report = walk.report(cast)
    figures = report.figures
    TermlyReport.objects.filter(pk=report.pk).update(figures={**figures, "schools": None})
    client = client_for(cast.trustee)
    response = client.get(ask(client, _pdf_url(report))["Location"])
    failed = CommitteePack.objects.get()
    # Made inline (no broker), a failure is not retried behind the reader's back: it is shown.
    assert failed.status == CommitteePack.Status.FAILED and failed.attempts == 1
    page = response.content.decode()
    assert "Failed: Gathering the figures" in page
    assert "Failed here:</span> Gathering the figures" in page
    assert "The PDF could not be made:</strong> &#x27;NoneType&#x27; object is not iterable" in page
    assert "(TypeError)" in page and "Try making the PDF again" in page

    TermlyReport.objects.filter(pk=report.pk).update(figures=figures)  # the cause is fixed
    retry = ask(client, reverse("dashboards:pack_retry", args=[failed.pk]), method="post")
    retried = client.get(retry["Location"])
    made = CommitteePack.objects.get()
    assert made.status == CommitteePack.Status.DONE and made.generation == 2
    assert "Download the committee pack (PDF)" in retried.content.decode()
    again = client.post(reverse("dashboards:pack_retry", args=[made.pk]), follow=True)
    assert "Only a PDF that failed can be tried again." in again.content.decode()


def test_a_pack_whose_worker_stopped_fails_at_its_deadline_with_a_plain_reason(cast, client_for):
    report = walk.report(cast)
    now = timezone.now()
    stuck = CommitteePack.objects.create(
        report=report,
        scope="trust",
        status=CommitteePack.Status.RUNNING,
        stage="pages",
        started_at=now - timedelta(minutes=11),
        deadline=now - timedelta(minutes=1),
        attempts=1,
    )
    page = client_for(cast.hr).get(reverse("dashboards:pack_status", args=[stuck.pk]))
    text = page.content.decode()
    assert "The worker stopped while making the PDF; you can try again." in text
    assert "Failed here:</span> Laying out the pages of the PDF" in text
    stuck.refresh_from_db()
    assert stuck.status == CommitteePack.Status.FAILED and stuck.kept_until is not None


def test_old_and_superseded_packs_are_deleted_but_not_running_ones(cast, client_for):
    report = walk.report(cast)
    committee_pack(client_for(cast.trustee), report)
    committee_pack(client_for(cast.governor_a), report)
    running = CommitteePack.objects.create(
        report=report, scope="schools:", status=CommitteePack.Status.RUNNING
    )
    now = timezone.now()
    assert pack_jobs.packs_clear(now=now) == 0
    assert pack_jobs.packs_clear(now=now + timedelta(days=7)) == 2  # kept a week
    assert list(CommitteePack.objects.all()) == [running]

    committee_pack(client_for(cast.trustee), report)
    newer = _next_version(report)
    committee_pack(client_for(cast.trustee), newer)
    later = timezone.now()
    assert pack_jobs.packs_clear(now=later) == 0  # a superseded one is kept an hour
    assert pack_jobs.packs_clear(now=later + timedelta(hours=1, minutes=1)) == 1
    kept = CommitteePack.objects.exclude(pk=running.pk).get()
    assert kept.report == newer


def test_a_scope_names_the_schools_its_readers_see(cast):
    another_governor = RoleAssignmentFactory(
        user=UserFactory(), role=Role.GOVERNOR, school=cast.school_a
    ).user
    assert reader_scope(another_governor) == reader_scope(cast.governor_a)
    assert reader_scope(cast.governor_a) == f"schools:{cast.school_a.urn}"
    assert reader_scope(cast.hr) == reader_scope(cast.trustee) == "trust"
    assert scope_urns("trust") is None and scope_urns("schools:") == set()
    both = f"schools:{cast.school_a.urn},{cast.school_b.urn}"
    assert scope_urns(both) == {cast.school_a.urn, cast.school_b.urn}


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_a_governors_pack_while_the_page_waits(
    celery_worker, cast, client_for, tmp_path
):
    report = walk.report(cast)
    client = client_for(cast.governor_a)
    first = client.get(_pdf_url(report))
    made = CommitteePack.objects.get()
    # The request only queued it: the page (not the download) is where the reader goes first.
    assert first["Location"] == reverse("dashboards:pack_status", args=[made.pk])
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(committee_pack(client, report))
    made.refresh_from_db()
    assert made.status == CommitteePack.Status.DONE and made.task_id and made.attempts == 1
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert cast.school_a.name in text and cast.school_b.name not in text
