"""Every list page, dashboard and export that had no exact query count of its own: rendered for a
role that may see it with the cast's two schools, then again with six schools' worth of staff,
heads and governors, and asserted to run the same literal number of queries both times.

Pages with their own count elsewhere are listed in ALREADY_COUNTED so the register stays whole.
"""

import pytest
from django.urls import reverse

from people.models import Role, RoleGroup
from tests.factories import RoleAssignmentFactory, SchoolFactory, StaffMemberFactory, UserFactory
from tests.url_walk import ROUTES

# (url name, query string, role, exact queries at both sizes)
COUNTS = [
    ("people:staff_list", "", "hr", 8),
    ("charters:status", "", "hr", 7),
    ("charters:status", "", "head_a", 8),
    ("charters:acknowledgements", "", "hr", 8),
    ("charters:versions", "", "staff_a", 7),
    ("charters:pdf", "", "staff_a", 9),
    ("actions:mine", "", "staff_a", 6),
    ("support:flexible_list", "", "hr", 8),
    ("support:casework", "", "hr", 8),
    ("support:exit_comments", "", "hr", 9),
    ("support:leave_list", "", "hr", 8),
    ("surveys:instrument_list", "", "hr", 6),
    ("surveys:cluster_list", "", "hr", 7),
    ("surveys:rates", "", "hr", 7),
    ("surveys:pulses", "", "hr", 9),
    ("surveys:comments", "", "hr", 11),
    ("surveys:release_statement_csv", "", "hr", 6),
    ("surveys:mine", "", "staff_a", 7),
    ("workload:index", "", "hr", 6),
    ("workload:directed_time", "", "staff_a", 9),
    ("workload:rules", "", "hr", 9),
    ("workload:terms", "", "hr", 6),
    ("workload:data_drops", "", "hr", 6),
    ("workload:impact_assessments", "", "hr", 6),
    ("workload:quiet_hours_json", "", "staff_a", 7),
    ("dashboards:index", "", "hr", 6),
    ("dashboards:index", "", "trustee", 6),
    ("dashboards:report_pdf", "", "hr", 12),
    ("dashboards:report_table_csv", "", "hr", 5),
    ("dashboards:build_status_json", "", "hr", 6),
]


def _route(name, query):
    return next(r for r in ROUTES if r.name == name and r.query == query)


def _more_schools(how_many):
    """Each school: a head, a governor and three staff (teaching and support)."""
    for n in range(how_many):
        school = SchoolFactory(name=f"Extra School {n}")
        head = StaffMemberFactory(school=school).user
        RoleAssignmentFactory(user=head, role=Role.HEAD, school=school)
        RoleAssignmentFactory(user=UserFactory(), role=Role.GOVERNOR, school=school)
        StaffMemberFactory(school=school)
        StaffMemberFactory(school=school, role_group=RoleGroup.SUPPORT)
        StaffMemberFactory(school=school)


@pytest.mark.parametrize(
    ("name", "query", "role", "expected"), COUNTS, ids=[f"{c[0]}-{c[2]}" for c in COUNTS]
)
def test_same_literal_query_count_at_two_sizes(
    name, query, role, expected, cast, client, django_assert_num_queries
):
    route = _route(name, query)
    assert role in route.allowed
    url = reverse(name, kwargs=route.kwargs(cast)) + (f"?{query}" if query else "")
    client.force_login(cast.user(role))
    client.get(url)  # warm the session and role caches

    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    _more_schools(4)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
