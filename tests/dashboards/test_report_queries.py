"""The termly report build reads every part for all schools at once: its number of queries is the
same for a trust of two schools as for one of five."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action
from charters import services as charters
from dashboards import services
from tests.absence.world import SUMMER, hand_made_school, person, spell
from tests.factories import SchoolFactory, UserFactory
from workload.models import DataDrop, Meeting

pytestmark = pytest.mark.django_db
UK = ZoneInfo("Europe/London")


def _school_with_a_bit_of_everything(index: int, hr):
    school = SchoolFactory(urn=f"30000{index}", name=f"School {index}")
    for n in range(4):
        member = person(school, start_date=date(2020, 9, 1))
        spell(member, f"R{index}-{n}", date(2026, 5, 5), date(2026, 5, 6 + n))
    Action.objects.create(
        school=school,
        theme="workload",
        you_said="Too many meetings",
        we_will="Fewer meetings",
        owner=hr,
        created_by=hr,
        due_on=date(2026, 6, 1),
    )
    Meeting.objects.create(
        school=school,
        title="Staff meeting",
        purpose="Plans",
        agenda="Plans",
        starts_at=datetime(2026, 5, 12, 15, 30, tzinfo=UK),
        ends_at=datetime(2026, 5, 12, 16, 30, tzinfo=UK),
        organiser=hr,
    )
    DataDrop.objects.create(
        school=school, academic_year="2025-26", title="Summer data", due_on=date(2026, 6, 5)
    )
    charter = charters.charter_create(
        kind="wellbeing", title=f"School {index} charter", school=school
    )
    section = charters.section_add(version=charter.versions.get(), title="Time")
    charters.pledge_add(section=section, commitment="We will protect your time.")
    charters.charter_publish(version=section.version, by=hr, change_summary="", notify=False)
    return school


def _build_queries() -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        report, _details, _source = services.report_contents(term_key=SUMMER)
    return len(captured.captured_queries), report


def test_the_report_build_runs_the_same_queries_for_two_schools_as_for_five():
    hand_made_school()
    hr = UserFactory(email="owner@example.org")
    _school_with_a_bit_of_everything(1, hr)
    two, report = _build_queries()
    assert len(report["schools"]) == 2
    for index in range(2, 5):
        _school_with_a_bit_of_everything(index, hr)
    five, report = _build_queries()
    assert len(report["schools"]) == 5
    assert five == two
    # Each part is really there for the new schools (not skipped to keep the count down).
    school = report["schools"][-1]
    assert school["actions"] == {"open": 1, "done": 0, "overdue": 1}  # due in June
    assert [p["pledge"] for p in school["pledges"]] == ["1.1 We will protect your time."]
    assert school["absence"]["headcount"] == 4


def test_the_batched_parts_match_the_per_school_feeds():
    from dashboards import feeds

    hand_made_school()
    hr = UserFactory(email="owner@example.org")
    schools = [_school_with_a_bit_of_everything(i, hr) for i in (1, 2)]
    report, details, _source = services.report_contents(term_key=SUMMER)
    by_urn = {s["urn"]: s for s in report["schools"]}
    assert report["trust"]["actions"] == feeds.action_counts()
    assert report["trust"]["pledges"] == feeds.pledges()
    assert details["trust_workload"] == feeds.workload(term_key=SUMMER)
    for school in schools:
        row = by_urn[school.urn]
        assert row["actions"] == feeds.action_counts(school=school)
        assert row["pledges"] == feeds.pledges(school=school)
        assert details["schools"][school.urn]["workload"] == feeds.workload(
            term_key=SUMMER, school=school
        )
        assert row["surveys"] == feeds.survey_summaries(
            first_day=date(2026, 4, 13), last_day=date(2026, 7, 17), school=school
        )
