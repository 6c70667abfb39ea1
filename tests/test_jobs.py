"""Background jobs survive a worker killed with SIGKILL (a real `celery worker` process).

Each job is held mid-task by a table lock taken from another connection (no test hooks in the
portal), the worker is killed, and then: the job fails once past its deadline (the clock moved
with time_machine), Retry runs it again, and the killed worker's message, redelivered by Redis to
a new worker, does nothing.
"""

from datetime import date, timedelta

import pytest
import time_machine
from celery.result import AsyncResult
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse

from absence import services as absence_services
from absence.models import AbsenceRecord
from dashboards import services as report_services
from dashboards.models import ReportBuild, TermlyReport
from notifications.outbox import outbox_sweep
from people.models import AbsenceImport, Role
from tests.absence.world import SUMMER, hand_made_school, person
from tests.factories import RoleAssignmentFactory, UserFactory
from tests.worker_process import (
    broker_empty,
    someone_waits_for_a_lock,
    table_locked,
    wait_for,
    worker_start,
    worker_stop,
)
from wellbeing_portal.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker():
    """Tasks go to Redis (no eager execution in the test process); the broker starts empty."""
    broker_empty()
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


@pytest.fixture
def hr(client):
    user = UserFactory(email="hr.jobs@example.org")
    RoleAssignmentFactory(user=user, role=Role.HR, school=None)
    client.force_login(user)
    return user


def _row_unlocked(model, pk) -> bool:
    """The killed worker's database session has ended and let go of the job's row."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {model._meta.db_table} WHERE id = %s FOR UPDATE SKIP LOCKED", [pk]
        )
        return cursor.fetchone() is not None


def _killed_mid_task(model, start_job):
    """Start a worker, start a job, kill the worker (SIGKILL) while the job is running."""
    worker = worker_start()
    try:
        with table_locked("people_absencerecord"):
            job = start_job()
            wait_for(
                lambda: (
                    model.objects.get(pk=job.pk).status == "running" and someone_waits_for_a_lock()
                ),
                timeout=120,
                what="the worker to start the job",
            )
            worker.kill()
            worker.wait(timeout=20)
    finally:
        worker_stop(worker)
    wait_for(lambda: _row_unlocked(model, job.pk), what="the killed session to end")
    job.refresh_from_db()
    return job


def test_a_report_build_whose_worker_was_killed_fails_at_its_deadline_and_retries_once(
    broker, hr, client
):
    hand_made_school()

    def request_build():
        with transaction.atomic():
            return report_services.report_request(term_key=SUMMER, user=hr)

    build = _killed_mid_task(ReportBuild, request_build)
    killed_task_id = build.task_id
    assert build.status == ReportBuild.Status.RUNNING and build.attempts == 1
    assert build.deadline == build.started_at + timedelta(minutes=30)

    # Before the deadline the build is still shown as building; after it, as stopped.
    page = client.get(reverse("dashboards:reports")).content.decode()
    assert "Building" in page and "you can try again" not in page
    with time_machine.travel(build.deadline + timedelta(seconds=1)):
        page = client.get(reverse("dashboards:reports")).content.decode()
    build.refresh_from_db()
    assert build.status == ReportBuild.Status.FAILED
    assert build.error == "The worker stopped while building the report; you can try again."
    assert build.error in page and reverse("dashboards:report_build_retry", args=[build.pk]) in page

    response = client.post(reverse("dashboards:report_build_retry", args=[build.pk]))
    assert response.status_code == 302
    build.refresh_from_db()
    assert (build.status, build.generation) == (ReportBuild.Status.QUEUED, 2)
    assert build.dispatched_at is not None and build.task_id != killed_task_id

    # A new worker gets the retry and, Redis's visibility timeout passed, the killed message too.
    worker = worker_start(CELERY_VISIBILITY_TIMEOUT="1")
    try:
        wait_for(
            lambda: ReportBuild.objects.get(pk=build.pk).status == ReportBuild.Status.DONE,
            timeout=120,
            what="the retried build",
        )
        redelivered = AsyncResult(killed_task_id, app=app)
        wait_for(redelivered.ready, timeout=60, what="the redelivered message")
    finally:
        worker_stop(worker)
    assert redelivered.successful() and redelivered.result is None  # it did nothing
    build.refresh_from_db()
    assert build.attempts == 2 and build.report.version == 1
    assert TermlyReport.objects.count() == 1  # no version nobody asked for


def test_a_killed_absence_import_never_reapplies_its_old_file_over_newer_data(
    broker, hr, client, settings
):
    settings.ABSENCE_BACKGROUND_ROWS = 1
    school = hand_made_school()
    person(school, staff_id="P9", start_date=date(2020, 9, 1))
    header = "record_id,staff_id,start_date,end_date,category\n"
    old_file = header + "K1,P9,2026-05-04,2026-05-08,SIC\n"

    def upload():
        client.post(
            reverse("absence:import"), {"file": SimpleUploadedFile("big.csv", old_file.encode())}
        )
        return AbsenceImport.objects.get()

    job = _killed_mid_task(AbsenceImport, upload)
    killed_task_id = job.task_id
    assert job.status == AbsenceImport.Status.RUNNING
    assert not AbsenceRecord.objects.filter(record_id="K1").exists()

    # Meanwhile HR imports a correction: the spell ended on the Wednesday.
    absence_services.absence_import(data=header + "K1,P9,2026-05-04,2026-05-06,SIC\n")

    assert outbox_sweep()["jobs_failed"] == 0  # not yet past its deadline
    with time_machine.travel(job.deadline + timedelta(seconds=1)):
        assert outbox_sweep()["jobs_failed"] == 1
    job.refresh_from_db()
    assert job.status == AbsenceImport.Status.FAILED
    assert job.summary == job.stopped_reason and job.attempts == 1
    page = client.get(reverse("absence:import_status", args=[job.pk])).content.decode()
    assert job.summary in page and reverse("absence:import_retry", args=[job.pk]) in page

    worker = worker_start(CELERY_VISIBILITY_TIMEOUT="1")
    try:
        redelivered = AsyncResult(killed_task_id, app=app)
        wait_for(redelivered.ready, timeout=120, what="the redelivered message")
        assert redelivered.result == "skipped"
        assert AbsenceRecord.objects.get(record_id="K1").end_date == date(2026, 5, 6)

        # Retry runs the job again, and refuses the now out-of-date file rather than apply it.
        client.post(reverse("absence:import_retry", args=[job.pk]))
        wait_for(
            lambda: AbsenceImport.objects.get(pk=job.pk).status == AbsenceImport.Status.FAILED,
            timeout=120,
            what="the retried import",
        )
    finally:
        worker_stop(worker)
    job.refresh_from_db()
    assert (job.generation, job.attempts) == (2, 2)
    assert job.summary == absence_services.NEWER_DATA
    assert AbsenceRecord.objects.get(record_id="K1").end_date == date(2026, 5, 6)
