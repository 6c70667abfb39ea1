"""Every list page, dashboard and export that had no exact query count of its own, rendered
for a role that may see it with three schools' worth of rows, then with seven (staff, heads,
governors, school charters and terms, versions of the walk's charter, register rows: see
_more_schools), and asserted to run the same literal number of queries both times.

ALREADY_COUNTED names the pages whose literal count lives in another test, so that
test_every_list_dashboard_and_export_is_counted keeps the register whole.
"""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from actions import services as action_services
from charters import services as charter_services
from charters.models import Charter
from people.models import Role, RoleGroup, School
from school_calendar.models import Term
from school_calendar.quiet_hours import UK
from support.models import FlexibleWorkingRequest, LeaveRequest
from surveys.models import Question, Round
from tests.factories import RoleAssignmentFactory, SchoolFactory, StaffMemberFactory, UserFactory
from tests.surveys import walk as survey_walk
from tests.surveys.helpers import add_responses
from tests.url_walk import ROUTES
from workload.models import CalendarToken, DataDrop, DirectedEvent, ImpactAssessment, Meeting

# (url name, query string, role, exact queries at both sizes)
COUNTS = [
    ("people:staff_list", "", "hr", 6),
    ("charters:status", "", "hr", 5),
    ("charters:status", "", "head_a", 6),
    ("charters:acknowledgements", "", "hr", 7),
    ("charters:versions", "", "staff_a", 5),
    ("charters:pdf", "", "staff_a", 7),
    ("actions:mine", "", "staff_a", 4),
    ("support:flexible_list", "", "hr", 6),
    ("support:casework", "", "hr", 6),
    ("support:exit_comments", "", "hr", 7),
    ("support:leave_list", "", "hr", 6),
    ("support:flexible_list", "", "head_a", 6),
    ("support:leave_list", "", "head_a", 6),
    ("surveys:instrument_list", "", "hr", 4),
    ("surveys:cluster_list", "", "hr", 5),
    ("surveys:rates", "", "hr", 5),
    ("surveys:pulses", "", "hr", 7),
    ("surveys:comments", "", "hr", 9),
    ("surveys:release_statement_csv", "", "hr", 4),
    ("surveys:results_export.json", "", "hr", 4),
    ("surveys:mine", "", "staff_a", 5),
    ("workload:index", "", "hr", 4),
    ("workload:directed_time", "", "staff_a", 7),
    ("workload:rules", "", "hr", 7),
    ("workload:terms", "", "hr", 4),
    ("workload:data_drops", "", "hr", 4),
    ("workload:impact_assessments", "", "hr", 4),
    ("workload:data_drops", "", "staff_a", 4),
    ("workload:impact_assessments", "", "staff_a", 4),
    ("workload:directed_time", "", "head_a", 12),
    ("actions:mine", "", "hr", 4),
    ("workload:quiet_hours_json", "", "staff_a", 5),
    ("dashboards:index", "", "hr", 4),
    ("dashboards:index", "", "trustee", 4),
    ("dashboards:index", "", "governor_a", 4),
    ("dashboards:pack_status", "", "hr", 5),
    ("dashboards:pack_status", "", "governor_a", 6),
    ("dashboards:pack_progress", "", "hr", 4),
    ("dashboards:pack_download", "", "governor_a", 5),
    ("dashboards:report_table_csv", "", "hr", 3),
    ("dashboards:build_status_json", "", "hr", 4),
]

# List pages, dashboards and exports counted in another test file.
ALREADY_COUNTED = {
    "charters:index": "tests/charters/test_list_queries.py",
    "charters:manage": "tests/charters/test_list_queries.py",
    "charters:compare": "tests/charters/test_compare.py",
    "actions:board": "tests/actions/test_board.py",
    "actions:manage": "tests/actions/test_manage.py",
    "actions:newsletter_list": "tests/actions/test_list_queries.py",
    "support:index": "tests/support/test_get_support.py",
    "support:coverage": "tests/support/test_coverage.py",
    "support:people": "tests/support/test_leaders_and_leave.py",
    "support:leaders": "tests/support/test_leaders_and_leave.py",
    "support:training": "tests/support/test_training.py",
    "support:training_due": "tests/support/test_training.py",
    "support:my_training": "tests/support/test_training.py",
    "surveys:round_list": "tests/surveys/test_list_queries.py",
    "surveys:results": "tests/surveys/test_queries.py",
    "surveys:results_export": "tests/surveys/test_queries.py (CSV); JSON here",
    "surveys:drivers": "tests/evidence/test_drivers.py",
    "workload:meetings": "tests/workload/test_list_queries.py",
    "absence:figures": "tests/absence/test_absence_page_costs.py",
    "absence:records": "tests/absence/test_absence_page_costs.py",
    "email_hours:overview": "tests/evidence/test_email_hours.py",
    "dashboards:evidence": "tests/evidence/test_workload_evidence.py",
    "dashboards:trust": "tests/board/test_board.py, tests/security/test_queries.py",
    "dashboards:school": "tests/board/test_board.py, tests/security/test_queries.py",
    "dashboards:thresholds": "tests/board/test_board.py",
    "dashboards:reports": "tests/security/test_queries.py",
    "dashboards:report": "tests/security/test_queries.py",
    "dashboards:report_csv": "tests/security/test_queries.py",
    "dashboards:report_json": "tests/security/test_queries.py",
}

# Every URL of the portal that is a list page, a dashboard or an export (CSV, JSON, PDF, ICS).
LISTS_DASHBOARDS_AND_EXPORTS = set(ALREADY_COUNTED) | {
    "people:staff_list",
    "charters:status",
    "charters:acknowledgements",
    "charters:versions",
    "charters:pdf",
    "actions:mine",
    "support:flexible_list",
    "support:casework",
    "support:exit_comments",
    "support:leave_list",
    "surveys:instrument_list",
    "surveys:cluster_list",
    "surveys:rates",
    "surveys:pulses",
    "surveys:comments",
    "surveys:release_statement_csv",
    "surveys:mine",
    "workload:index",
    "workload:directed_time",
    "workload:rules",
    "workload:terms",
    "workload:data_drops",
    "workload:impact_assessments",
    "workload:quiet_hours_json",
    "dashboards:index",
    "dashboards:pack_status",
    "dashboards:pack_progress",
    "dashboards:pack_download",
    "dashboards:report_table_csv",
    "dashboards:build_status_json",
    "workload:calendar_feed",
}


def test_every_list_dashboard_and_export_is_counted():
    counted_here = {name.removesuffix(".json") for name, *_ in COUNTS} | {"workload:calendar_feed"}
    assert LISTS_DASHBOARDS_AND_EXPORTS - set(ALREADY_COUNTED) <= counted_here
    missing = LISTS_DASHBOARDS_AND_EXPORTS - counted_here - set(ALREADY_COUNTED)
    assert not missing, missing
    for name in LISTS_DASHBOARDS_AND_EXPORTS - {"workload:calendar_feed"}:  # token, not a role
        assert any(route.name == name for route in ROUTES), name


# Text from the last of the added rows, shown by the page at the larger size.
SHOWN_WHEN_GROWN = {
    ("people:staff_list", "hr"): "Extra School 6",
    ("charters:acknowledgements", "hr"): "Charter of extra school 6",
    ("charters:versions", "staff_a"): "Another look.",
    ("workload:terms", "hr"): "Extra School 6",
    ("workload:data_drops", "hr"): "Data drop 6",
    ("workload:data_drops", "staff_a"): "Data drop 6",
    ("workload:impact_assessments", "hr"): "New policy 6",
    ("workload:impact_assessments", "staff_a"): "New policy 6",
    ("charters:status", "hr"): "Extra School 6",
    ("dashboards:index", "trustee"): "Extra School 6",
}


def _url(name, query, role, cast):
    if name == "surveys:results_export.json":  # the walk's CSV one is counted elsewhere
        return reverse("surveys:results_export", kwargs=survey_walk.export_kwargs("json")(cast))
    route = next(r for r in ROUTES if r.name == name and r.query == query and role in r.allowed)
    return reverse(name, kwargs=route.kwargs(cast)) + (f"?{query}" if query else "")


def _allowed(name, query, role):
    name = name.removesuffix(".json")
    return any(r.name == name and r.query == query and role in r.allowed for r in ROUTES)


def _more_schools(cast, how_many):
    """Each new school: a head, a governor, three staff, a published school charter, and one row
    of each register the lists show (flexible working, leave, data drop, impact assessment,
    directed time, a "you said, we did" action); school A gains the same rows each time, so pages
    scoped to school A grow too."""
    first = School.objects.count()
    for n in range(first, first + how_many):
        school = SchoolFactory(name=f"Extra School {n}")
        head = StaffMemberFactory(school=school).user
        RoleAssignmentFactory(user=head, role=Role.HEAD, school=school)
        RoleAssignmentFactory(user=UserFactory(), role=Role.GOVERNOR, school=school)
        StaffMemberFactory(school=school)
        StaffMemberFactory(school=school, role_group=RoleGroup.SUPPORT)
        StaffMemberFactory(school=school)
        _school_charter(cast, school, n)
        _next_walk_charter_version(cast)
        _comments_in_the_closed_round(school)
        Term.objects.create(
            school=school,
            academic_year="2026-27",
            term="autumn",
            first_day=date(2026, 9, 2),
            last_day=date(2026, 12, 18),
            half_term_first_day=date(2026, 10, 26),
            half_term_last_day=date(2026, 10, 30),
        )
        for each in (school, cast.school_a):
            _register_rows(cast, each, n)


def _school_charter(cast, school, n):
    charter = charter_services.charter_create(
        kind="wellbeing", title=f"Charter of extra school {n}", school=school
    )
    section = charter_services.section_add(version=charter.versions.get(), title="Voice")
    charter_services.pledge_add(section=section, commitment="We will listen.")
    charter_services.charter_publish(
        version=charter.versions.get(), by=cast.hr, change_summary="", notify=False
    )


def _next_walk_charter_version(cast):
    """The walk's charter (versions and PDF pages), when the page opened it, gains a version."""
    charter = Charter.objects.filter(slug="walk-charter").first()
    if charter is None:
        return
    draft = charter_services.draft_start(charter=charter)
    charter_services.charter_publish(
        version=draft, by=cast.hr, change_summary="Another look.", notify=False
    )
    charter.refresh_from_db()
    charter_services.draft_start(charter=charter)


def _comments_in_the_closed_round(school):
    """The walk's closed survey round (comments, pulses, exports), when opened, gains a school's
    worth of answers with comments, above the comment threshold."""
    survey_round = Round.objects.filter(slug="closed-round").first()
    if survey_round is None:
        return
    text = survey_round.questions.get(kind=Question.Kind.TEXT).key
    add_responses(survey_round, school, 11, {text: "More time to plan, please."})


def _register_rows(cast, school, n):
    FlexibleWorkingRequest.objects.create(
        school=school, role_group="teaching", kind="job_share", received_on=date(2026, 10, 1)
    )
    LeaveRequest.objects.create(
        school=school,
        role_group="teaching",
        reason="family_event",
        first_day=date(2026, 10, 9),
        last_day=date(2026, 10, 9),
        received_on=date(2026, 9, 20),
    )
    DataDrop.objects.create(
        school=school, academic_year="2026-27", title=f"Data drop {n}", due_on=date(2027, 2, 5)
    )
    ImpactAssessment.objects.create(
        school=school,
        title=f"New policy {n}",
        summary="A new marking policy.",
        starts_on=date(2027, 1, 4),
        expected_impact="low",
        mitigations="Fewer written comments.",
        what_stops="Double marking.",
        created_by=cast.hr,
    )
    DirectedEvent.objects.create(
        school=school, kind="training", title=f"Training {n}", day=date(2026, 11, 11), hours=2
    )
    action_services.action_create(
        by=cast.hr,
        school=school,
        theme="workload",
        you_said=f"Too many meetings ({n}).",
        we_will="Cut the meeting calendar.",
        owner=cast.hr,
        due_on=date(2027, 3, 1),
    )


@pytest.mark.parametrize(
    ("name", "query", "role", "expected"), COUNTS, ids=[f"{c[0]}-{c[2]}" for c in COUNTS]
)
def test_same_literal_query_count_at_two_sizes(
    name, query, role, expected, cast, client, django_assert_num_queries
):
    assert _allowed(name, query, role)
    url = _url(name, query, role, cast)
    _more_schools(cast, 1)  # small: three schools, one row of each kind
    client.force_login(cast.user(role))
    client.get(url)  # warm the session and role caches

    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    _more_schools(cast, 4)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    if (name, role) in SHOWN_WHEN_GROWN:  # the larger data set is really on the page
        assert SHOWN_WHEN_GROWN[name, role] in response.content.decode()


def _meetings_for_staff_a(cast, how_many):
    for n in range(how_many):
        starts = datetime(2026, 11, 10 + n, 15, 45, tzinfo=UK)
        meeting = Meeting.objects.create(
            school=cast.school_a,
            title=f"Phase meeting {n}",
            purpose="Plan the fortnight",
            agenda="1. Planning",
            starts_at=starts,
            ends_at=starts + timedelta(minutes=45),
            organiser=cast.head_a,
        )
        meeting.invitees.add(cast.staff_a.staff_member, cast.champion_a.staff_member)


def test_calendar_feed_ics_same_literal_count_at_two_sizes(cast, client, django_assert_num_queries):
    token = CalendarToken.new_token()
    CalendarToken.objects.create(user=cast.staff_a, token_hash=CalendarToken.hash_of(token))
    url = reverse("workload:calendar_feed", args=[token])
    _meetings_for_staff_a(cast, 2)
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.status_code == 200 and response.content.count(b"BEGIN:VEVENT") == 2
    _meetings_for_staff_a(cast, 4)
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.status_code == 200 and response.content.count(b"BEGIN:VEVENT") == 6
