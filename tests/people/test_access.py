"""The access module against the table in docs/domain.md, role by role.

The expectations are written from the table (who sees / does what), not copied from RULES, so a
change to RULES that breaks the table fails here.
"""

from datetime import date, timedelta

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from people.access import (
    Perm,
    filter_by_school,
    has_perm,
    has_trust_perm,
    may_for_school,
    object_or_404,
    require,
    role_grants,
    roles_of,
    schools_for,
)
from people.auth_backends import AccountsBackend, PasswordBackend
from people.models import Role, RoleAssignment, StaffMember
from tests.conftest import ROLE_NAMES

pytestmark = pytest.mark.django_db

P = Perm
TRUST = "trust"
EVERYONE = {
    P.VIEW_CHARTERS: TRUST,
    P.VIEW_SUPPORT: TRUST,
    P.VIEW_WORKLOAD: TRUST,
    # everyone may read how survey answers are protected
    P.READ_ANONYMITY_NOTICE: TRUST,
}
# staff: published charters, their school's and the trust's actions board, their own meetings and
# directed time; answers surveys, acknowledges charters.
STAFF_A = {
    **EVERYONE,
    P.ACKNOWLEDGE_CHARTERS: TRUST,
    P.TAKE_SURVEYS: "a",
    P.VIEW_ACTIONS: "a",
    P.VIEW_OWN_WORKLOAD: "a",
    P.VIEW_OWN_TRAINING: "a",
}
EXPECTED = {
    "staff_a": STAFF_A,
    "staff_b": {
        **STAFF_A,
        P.TAKE_SURVEYS: "b",
        P.VIEW_ACTIONS: "b",
        P.VIEW_OWN_WORKLOAD: "b",
        P.VIEW_OWN_TRAINING: "b",
    },
    # head: their school's results and absence aggregates; records actions, schedules meetings.
    "head_a": {
        **STAFF_A,
        P.VIEW_PLEDGE_STATUS: "a",
        P.VIEW_RESPONSE_RATES: "a",
        P.VIEW_SURVEY_RESULTS: "a",
        # what goes with wellbeing at their school, when enough answered
        P.VIEW_SURVEY_DRIVERS: "a",
        P.MANAGE_ACTIONS: "a",
        P.SCHEDULE_MEETINGS: "a",
        P.VIEW_DIRECTED_TIME: "a",
        P.MANAGE_DATA_DROPS: "a",
        P.VIEW_ABSENCE_AGGREGATES: "a",
        P.VIEW_DASHBOARD: "a",
        P.VIEW_REPORTS: "a",
        P.VIEW_PEOPLE_INDICATORS: "a",
        P.MANAGE_FLEXIBLE_REQUESTS: "a",
        # who is due or overdue for training at their school; records their partner meetings.
        P.VIEW_TRAINING_DUE: "a",
        P.RECORD_LEADER_CHECKINS: "a",
    },
    # wellbeing champion: their school's results; helps record actions.
    "champion_a": {**STAFF_A, P.VIEW_SURVEY_RESULTS: "a", P.MANAGE_ACTIONS: "a"},
    # mental health first aider: a member of staff with a listed role, nothing more to see.
    "first_aider_a": STAFF_A,
    # governor: their school's dashboard and reports; reads.
    "governor_a": {
        **EVERYONE,
        P.VIEW_PLEDGE_STATUS: "a",
        P.VIEW_SURVEY_RESULTS: "a",
        P.VIEW_ACTIONS: "a",
        P.VIEW_ABSENCE_AGGREGATES: "a",
        P.VIEW_DASHBOARD: "a",
        P.VIEW_REPORTS: "a",
        P.VIEW_PEOPLE_INDICATORS: "a",
    },
    # trustee: the trust's and every school's dashboards and reports; reads.
    "trustee": {
        **EVERYONE,
        P.VIEW_PLEDGE_STATUS: TRUST,
        P.VIEW_SURVEY_RESULTS: TRUST,
        P.VIEW_SURVEY_DRIVERS: TRUST,
        P.VIEW_ACTIONS: TRUST,
        P.VIEW_ABSENCE_AGGREGATES: TRUST,
        P.VIEW_DASHBOARD: TRUST,
        P.VIEW_REPORTS: TRUST,
        P.VIEW_PEOPLE_INDICATORS: TRUST,
    },
}
# HR: everything but individual survey answers (there is no permission for those at all); the
# staff-only permissions HR holds as a member of the central team.
EXPECTED["hr"] = {perm: TRUST for perm in Perm} | {
    P.TAKE_SURVEYS: "central",
    P.VIEW_OWN_WORKLOAD: "central",
    P.VIEW_OWN_TRAINING: "central",
}
EXPECTED["governor_b"] = {
    perm: ("b" if scope == "a" else scope) for perm, scope in EXPECTED["governor_a"].items()
}
EXPECTED["head_b"] = {
    perm: ("b" if scope == "a" else scope) for perm, scope in EXPECTED["head_a"].items()
}
READ_ONLY_ROLES = ["governor_a", "governor_b", "trustee"]
CHANGE_PERMS = {p for p in Perm if p.value.startswith(("manage_", "build_", "schedule_"))}


def _school(cast, scope):
    return {"a": cast.school_a, "b": cast.school_b, "central": None}[scope]


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_holds_exactly_the_permissions_of_the_domain_table(cast, role):
    user = cast.user(role)
    for perm in Perm:
        expected = EXPECTED[role].get(perm)
        assert has_perm(user, perm) == (expected is not None), (role, perm)
        assert has_trust_perm(user, perm) == (expected == TRUST), (role, perm)
        for scope in ("a", "b", "central"):
            allowed = expected == TRUST or expected == scope
            assert may_for_school(user, perm, _school(cast, scope)) == allowed, (role, perm, scope)


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_governors_and_trustees_only_read(cast, role):
    user = cast.user(role)
    assert not [p for p in CHANGE_PERMS if has_perm(user, p)]


def test_anonymous_and_deactivated_people_hold_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    cast.hr.is_active = False
    cast.hr.save()
    for user in (AnonymousUser(), cast.hr):
        assert not [p for p in Perm if has_perm(user, p)]


def test_a_leaver_is_no_longer_staff(cast):
    staff = StaffMember.objects.get(user=cast.staff_a)
    staff.end_date = date.today() - timedelta(days=1)
    staff.save()
    user = type(cast.staff_a).objects.get(pk=cast.staff_a.pk)

    assert Role.STAFF not in roles_of(user)
    assert not has_perm(user, Perm.TAKE_SURVEYS)


def test_a_governor_of_two_schools_sees_both_and_no_other(cast):
    third = type(cast.school_a).objects.create(trust=cast.trust, urn="100003", name="Cedar School")
    RoleAssignment.objects.create(user=cast.governor_a, role=Role.GOVERNOR, school=cast.school_b)
    user = type(cast.governor_a).objects.get(pk=cast.governor_a.pk)

    assert set(schools_for(user, Perm.VIEW_DASHBOARD)) == {cast.school_a, cast.school_b}
    assert not may_for_school(user, Perm.VIEW_DASHBOARD, third)


def test_filter_by_school_narrows_rows_to_the_schools_a_role_may_see(cast):
    rows = StaffMember.objects.all()

    head_rows = filter_by_school(rows, cast.head_a, Perm.VIEW_ABSENCE_AGGREGATES)
    hr_rows = filter_by_school(rows, cast.hr, Perm.VIEW_ABSENCE_AGGREGATES)
    staff_rows = filter_by_school(rows, cast.staff_a, Perm.VIEW_ABSENCE_AGGREGATES)

    assert {s.school for s in head_rows} == {cast.school_a}
    assert hr_rows.count() == rows.count()
    assert staff_rows.count() == 0


def test_central_staff_rows_are_included_for_a_central_scope(cast):
    rows = filter_by_school(StaffMember.objects.all(), cast.hr, Perm.TAKE_SURVEYS)

    assert {s.school for s in rows} == {None}


def test_object_or_404_hides_another_schools_object(cast):
    from django.http import Http404

    theirs = StaffMember.objects.get(user=cast.staff_b)
    with pytest.raises(Http404):
        object_or_404(
            StaffMember.objects.all(), cast.head_a, Perm.VIEW_ABSENCE_AGGREGATES, pk=theirs.pk
        )
    ours = StaffMember.objects.get(user=cast.staff_a)
    assert object_or_404(
        StaffMember.objects.all(), cast.head_a, Perm.VIEW_ABSENCE_AGGREGATES, pk=ours.pk
    )


def test_require_sends_anonymous_people_to_login_and_refuses_the_wrong_role(cast):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    view = require(Perm.MANAGE_STAFF)(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/somewhere/")

    request.user = AnonymousUser()
    assert view(request).status_code == 302
    request.user = cast.head_a
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = cast.hr
    assert view(request).status_code == 200
    assert view.required_perm == Perm.MANAGE_STAFF


def test_each_request_reads_the_user_with_their_grants_in_one_query(
    cast, django_assert_num_queries
):
    """The sign-in backends read a request's user with their staff record and roles at once
    (people.access.user_with_grants); the grants are those read on their own."""
    for name in ROLE_NAMES:
        if name == "anonymous":
            continue
        read_plainly = type(cast.hr).objects.get(pk=cast.user(name).pk)
        with django_assert_num_queries(1):
            user = PasswordBackend().get_user(read_plainly.pk)
            grants = sorted(role_grants(user), key=str)
        assert grants == sorted(role_grants(read_plainly), key=str), name


def test_a_role_taken_away_is_gone_from_the_next_request(cast):
    assert has_perm(AccountsBackend().get_user(cast.head_a.pk), Perm.VIEW_DASHBOARD)
    RoleAssignment.objects.filter(user=cast.head_a).delete()
    assert not has_perm(AccountsBackend().get_user(cast.head_a.pk), Perm.VIEW_DASHBOARD)
