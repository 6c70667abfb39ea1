"""Job rules without a worker: which runs are refused, and what the sweep sends again."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from absence import services as absence_services
from absence.models import AbsenceRecord
from dashboards import services as report_services
from dashboards.models import ReportBuild, TermlyReport
from people.models import AbsenceImport
from tests.absence.world import SUMMER, hand_made_school, person
from wellbeing_portal.jobs import job_retry, job_start, jobs_expire, jobs_redispatch

pytestmark = pytest.mark.django_db

CSV = "record_id,staff_id,start_date,end_date,category\nR1,P9,2026-05-04,2026-05-08,SIC\n"


def test_a_message_of_an_earlier_queueing_or_a_finished_build_does_nothing():
    hand_made_school()
    build = ReportBuild.objects.create(term_key=SUMMER, generation=2)
    assert report_services.report_build(build_id=build.pk, generation=1) is None
    assert report_services.report_build(build_id=build.pk, generation=2).report is not None
    assert report_services.report_build(build_id=build.pk, generation=2) is None  # satisfied
    assert TermlyReport.objects.count() == 1


def test_a_build_failed_by_the_sweep_while_running_does_not_store_its_report():
    hand_made_school()
    build = ReportBuild.objects.create(term_key=SUMMER)
    started = job_start(ReportBuild, job_id=build.pk)
    with time_machine.travel(started.deadline + timedelta(seconds=1)):
        assert jobs_expire() == 1
    assert job_start(ReportBuild, job_id=build.pk) is None  # failed: only Retry restarts it
    retried = job_retry(ReportBuild.objects.get(pk=build.pk))
    assert (retried.status, retried.generation) == ("queued", 2)
    assert not TermlyReport.objects.exists()


def test_an_import_is_refused_when_absence_changed_after_its_upload():
    school = hand_made_school()
    person(school, staff_id="P9", start_date=date(2020, 9, 1))
    job = AbsenceImport.objects.create(file_name="old.csv", data=CSV.encode(), rows_total=1)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        absence_services.absence_import(data=CSV.replace("2026-05-08", "2026-05-06"))
        job = absence_services.absence_import_run(import_id=job.pk)
    assert job.status == AbsenceImport.Status.FAILED
    assert job.summary == absence_services.NEWER_DATA and job.data == b""
    assert AbsenceRecord.objects.get(record_id="R1").end_date == date(2026, 5, 6)
    assert absence_services.absence_import_run(import_id=job.pk) is None


def test_the_sweep_sends_a_job_whose_message_never_reached_the_broker():
    hand_made_school()
    build = ReportBuild.objects.create(term_key=SUMMER)  # queued, never dispatched
    assert build.waiting_for_worker
    assert jobs_redispatch() == 1  # tasks run eagerly here: the build runs now
    build.refresh_from_db()
    assert build.status == ReportBuild.Status.DONE and build.dispatched_at is not None
    assert jobs_redispatch() == 0
