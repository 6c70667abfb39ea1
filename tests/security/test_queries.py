"""Dashboards, report pages and exports, and list pages without a count elsewhere: the same number
of queries whatever the amount of data (STYLE.md item 7)."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards.models import TermlyReport
from support.models import FlexibleWorkingRequest
from tests.absence.world import SUMMER, spell, terms
from tests.factories import SchoolFactory, StaffMemberFactory
from workload.models import DataDrop, ImpactAssessment

# The exact number of queries of each page, the same at both data sizes.
QUERIES = {
    "trust dashboard": 12,
    "school dashboard": 11,
    "reports": 7,
    "report": 7,
    "csv": 3,
    "json": 3,
    "data drops": 4,
    "impact assessments": 4,
    "flexible register": 6,
    "absence records": 22,
    "my actions": 4,
    "casework": 5,
    "terms": 4,
}


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow_schools(cast, n):
    for i in range(n):
        school = SchoolFactory(urn=f"3000{i:02d}", name=f"Extra School {i}", trust=cast.trust)
        for _ in range(5):
            staff = StaffMemberFactory(school=school)
        spell(staff, f"X{i}", date(2026, 5, 5), date(2026, 5, 6))


def _build():
    call_command("build_termly_report", "--term", SUMMER)
    return TermlyReport.objects.filter(term_key=SUMMER).order_by("-version").first()


PAGES = [
    ("trust dashboard", "trustee", lambda cast, report: reverse("dashboards:trust")),
    (
        "school dashboard",
        "governor_a",
        lambda cast, report: reverse("dashboards:school", args=[cast.school_a.urn]),
    ),
    ("reports", "hr", lambda cast, report: reverse("dashboards:reports")),
    ("report", "governor_a", lambda cast, report: reverse("dashboards:report", args=[report.pk])),
    ("csv", "trustee", lambda cast, report: reverse("dashboards:report_csv", args=[report.pk])),
    ("json", "trustee", lambda cast, report: reverse("dashboards:report_json", args=[report.pk])),
]


@pytest.mark.parametrize("label,role,url", PAGES, ids=[p[0] for p in PAGES])
def test_dashboards_and_reports_take_the_same_queries_with_more_schools(
    cast, client_for, django_assert_num_queries, label, role, url
):
    terms()
    client = client_for(cast.user(role))
    small = _count(client, url(cast, _build()))
    assert small == QUERIES[label], small
    _grow_schools(cast, 4)
    report = _build()
    with django_assert_num_queries(QUERIES[label]):
        assert client.get(url(cast, report)).status_code == 200


def _data_drops(cast, n):
    for i in range(n):
        for school in (cast.school_a, cast.school_b):
            DataDrop.objects.create(
                school=school,
                academic_year="2026-27",
                title=f"Drop {i}",
                due_on=date(2027, 1, 10 + i),
                created_by=cast.hr,
            )
            ImpactAssessment.objects.create(
                school=school,
                title=f"Policy {i}",
                created_by=cast.hr,
                **_impact_defaults(),
            )
            FlexibleWorkingRequest.objects.create(
                school=school,
                role_group="teaching",
                kind="reduced_hours",
                received_on=date(2026, 10, 1 + i),
            )


def _impact_defaults() -> dict:
    return {
        "summary": "A new marking policy.",
        "starts_on": date(2026, 11, 1),
        "expected_impact": "low",
        "mitigations": "Shorter feedback.",
        "what_stops": "Written reports.",
    }


LISTS = [
    ("data drops", "head_a", "workload:data_drops"),
    ("impact assessments", "staff_a", "workload:impact_assessments"),
    ("flexible register", "hr", "support:flexible_list"),
    ("absence records", "hr", "absence:records"),
]


@pytest.mark.parametrize("label,role,name", LISTS, ids=[p[0] for p in LISTS])
def test_list_pages_take_the_same_queries_at_two_sizes(
    cast, client_for, django_assert_num_queries, label, role, name
):
    terms()
    client = client_for(cast.user(role))
    url = reverse(name)
    _data_drops(cast, 1)
    spell(cast.staff_a.staff_member, "A1", date(2026, 11, 2), date(2026, 11, 3))
    small = _count(client, url)
    assert small == QUERIES[label], small
    _data_drops(cast, 4)
    for i, person in enumerate((cast.staff_b, cast.head_a, cast.support_a)):
        spell(person.staff_member, f"A{i + 2}", date(2026, 11, 9), date(2026, 11, 10))
    with django_assert_num_queries(QUERIES[label]):
        assert client.get(url).status_code == 200


def _more_rows(cast, first: int, n: int):
    from actions import services as action_services
    from school_calendar.models import Term
    from support.models import CaseworkCount

    for i in range(first, first + n):
        school = SchoolFactory(urn=f"4000{i:02d}", name=f"Row School {i}", trust=cast.trust)
        CaseworkCount.objects.create(school=school, term_key="2026-27-autumn", grievances=i)
        Term.objects.create(
            academic_year="2026-27",
            term="autumn",
            school=school,
            first_day=date(2026, 9, 2),
            last_day=date(2026, 12, 18),
            half_term_first_day=date(2026, 10, 26),
            half_term_last_day=date(2026, 10, 30),
        )
        action_services.action_create(
            by=cast.head_a,
            school=cast.school_a,
            theme="workload",
            you_said=f"Said {i}",
            we_will=f"Will {i}",
            owner=cast.head_a,
            due_on=date(2027, 2, 1 + i),
        )


MORE_LISTS = [
    ("my actions", "head_a", "actions:mine"),
    ("casework", "hr", "support:casework"),
    ("terms", "hr", "workload:terms"),
]


@pytest.mark.parametrize("label,role,name", MORE_LISTS, ids=[p[0] for p in MORE_LISTS])
def test_more_list_pages_take_the_same_queries_at_two_sizes(
    cast, client_for, django_assert_num_queries, label, role, name
):
    client = client_for(cast.user(role))
    url = reverse(name) + ("?term=2026-27-autumn" if name == "support:casework" else "")
    _more_rows(cast, 0, 1)
    small = _count(client, url)
    assert small == QUERIES[label], small
    _more_rows(cast, 1, 5)
    with django_assert_num_queries(QUERIES[label]):
        assert client.get(url).status_code == 200
