"""Leader check-ins and buddies, and the leave of absence register, with their term figures."""

from datetime import date

import pytest
from django.urls import reverse

from people.models import Role
from support import services
from support.models import LeaderCheckIn, LeaveRequest, NewLeader
from support.selectors import people_figures_for
from tests.factories import RoleAssignmentFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db

AUTUMN = "2026-27-autumn"  # 1 September to 18 December 2026


@pytest.fixture
def staffed(cast, terms):
    """Enough staff at each school for its figures to show (five or more), and enough central
    staff that no school is hidden to stop the trust minus the others giving them away."""
    for school in (cast.school_a, cast.school_b, None):
        for _ in range(4):
            StaffMemberFactory(school=school)
    return cast


def _head_role(user):
    return user.role_assignments.get(role=Role.HEAD)


# --- Leader check-ins --------------------------------------------------------------------------


def test_a_head_records_their_own_meeting_and_keeps_nothing_of_its_content(
    cast, client_for, time_machine
):
    time_machine.move_to(date(2026, 11, 23))
    client = client_for(cast.head_a)
    page = client.get(reverse("support:leader_checkin_add")).content.decode()
    assert cast.head_b.get_full_name() not in page  # only their own head role to choose

    url = reverse("support:leader_checkin_add")
    data = {"head_role": _head_role(cast.head_a).pk, "partner": "Mark Ellison"}
    future = client.post(url, {**data, "met_on": "2026-12-01"})
    assert b"once it has taken place" in future.content
    other = client.post(
        url, {**data, "head_role": _head_role(cast.head_b).pk, "met_on": "2026-11-20"}
    )
    assert other.status_code == 200 and not LeaderCheckIn.objects.exists()
    client.post(url, {**data, "met_on": "2026-11-20"})

    checkin = LeaderCheckIn.objects.get()
    assert (checkin.head, checkin.school, checkin.met_on) == (
        cast.head_a,
        cast.school_a,
        date(2026, 11, 20),
    )
    kept = {f.name for f in LeaderCheckIn._meta.get_fields()}
    assert kept == {"id", "head", "school", "partner", "met_on", "recorded_at"}


def test_hr_may_record_for_any_head_but_only_heads_count(cast):
    with pytest.raises(ValueError):
        services.leader_checkin_record(
            head=cast.staff_a, school=cast.school_a, partner="X", met_on=date(2026, 10, 1)
        )


def test_trustees_see_per_term_how_many_heads_met_their_partner_and_new_leaders_buddies(
    staffed, client_for
):
    cast = staffed
    deputy = RoleAssignmentFactory(
        user=StaffMemberFactory(school=cast.school_a).user, role=Role.HEAD, school=cast.school_a
    ).user
    for head, school, day in [
        (cast.head_a, cast.school_a, date(2026, 10, 5)),
        (cast.head_a, cast.school_a, date(2026, 11, 5)),  # twice: still one head
        (cast.head_b, cast.school_b, date(2026, 7, 1)),  # last term
        (deputy, cast.school_a, date(2026, 12, 19)),  # after the term's last day
    ]:
        services.leader_checkin_record(head=head, school=school, partner="P", met_on=day)
    NewLeader.objects.create(
        leader=deputy,
        school=cast.school_a,
        started_on=date(2026, 9, 1),
        buddy="Helen Adeyemi",
        buddy_named_on=date(2026, 9, 8),
    )
    NewLeader.objects.create(leader=cast.head_b, school=cast.school_b, started_on=date(2026, 4, 1))
    NewLeader.objects.create(
        leader=cast.head_a, school=cast.school_a, started_on=date(2025, 9, 1)
    )  # more than 12 months before the term's end: no longer new

    figures = people_figures_for(term_key=AUTUMN, schools=[cast.school_a, cast.school_b])

    assert figures["trust"]["leader_checkins"] == {"heads": 3, "met_partner": 1}
    assert figures["trust"]["new_leaders"] == {"total": 2, "with_buddy": 1}
    assert figures[cast.school_a.pk]["leader_checkins"] == {"heads": 2, "met_partner": 1}
    assert figures[cast.school_b.pk]["new_leaders"] == {"total": 1, "with_buddy": 0}

    page = client_for(cast.trustee).get(reverse("support:people"), {"term": AUTUMN})
    text = page.content.decode()
    assert "Heads who met their partner" in text and "New leaders with a buddy" in text
    assert client_for(cast.trustee).get(reverse("support:leaders")).status_code == 403


def test_a_buddy_needs_the_day_it_was_named(cast, client_for):
    url = reverse("support:new_leader_add")
    data = {"head_role": _head_role(cast.head_a).pk, "started_on": "2026-09-01", "buddy": "Sam"}

    refused = client_for(cast.hr).post(url, data)
    assert b"Give the date the buddy was named" in refused.content
    client_for(cast.hr).post(url, {**data, "buddy_named_on": "2026-09-10"})
    assert NewLeader.objects.get().leader == cast.head_a


def test_the_leaders_page_takes_the_same_queries_at_two_data_sizes(
    staffed, client_for, django_assert_num_queries
):
    cast = staffed
    client = client_for(cast.hr)
    url = f"{reverse('support:leaders')}?term={AUTUMN}"
    client.get(url)

    def grow(count):
        for day in range(1, count + 1):
            services.leader_checkin_record(
                head=cast.head_a, school=cast.school_a, partner="P", met_on=date(2026, 10, day)
            )
            NewLeader.objects.create(
                leader=StaffMemberFactory(school=cast.school_b).user,
                school=cast.school_b,
                started_on=date(2026, 9, day),
            )

    grow(1)
    with django_assert_num_queries(LEADERS_QUERIES):
        client.get(url)
    grow(8)
    with django_assert_num_queries(LEADERS_QUERIES):
        assert client.get(url).status_code == 200


LEADERS_QUERIES = 23  # the term figures of the trust and two schools among them


# --- Leave of absence --------------------------------------------------------------------------


def _leave(school, received, decision="open", decided=None, reason=""):
    return LeaveRequest.objects.create(
        school=school,
        role_group="support",
        reason="family_event",
        first_day=date(2026, 11, 30),
        last_day=date(2026, 11, 30),
        received_on=received,
        decision=decision,
        decided_on=decided,
        decline_reason=reason,
    )


def test_a_head_records_leave_for_their_school_and_a_decline_needs_a_reason(cast, client_for):
    url = reverse("support:leave_add")
    data = {
        "school": cast.school_a.pk,
        "role_group": "teaching",
        "reason": "religious",
        "first_day": "2026-12-10",
        "last_day": "2026-12-09",
        "received_on": "2026-11-02",
        "decision": "declined",
        "decided_on": "2026-11-06",
    }
    client = client_for(cast.head_a)

    response = client.post(url, data).content.decode()
    assert "The last day cannot come before the first day." in response
    assert "Give the reason for declining." in response
    assert client.post(url, {**data, "school": cast.school_b.pk}).status_code == 200
    client.post(url, {**data, "last_day": "2026-12-11", "decline_reason": "Mock exams."})

    request = LeaveRequest.objects.get()
    assert (request.school, request.days_to_decision) == (cast.school_a, 4)


def test_leave_requests_are_counted_per_school_and_term_like_flexible_ones(staffed):
    cast = staffed
    _leave(cast.school_a, date(2026, 9, 1), "granted", date(2026, 9, 3))
    _leave(cast.school_a, date(2026, 8, 20), "declined", date(2026, 9, 2), "Exams.")
    _leave(cast.school_a, date(2026, 7, 1), "granted", date(2026, 7, 2))  # decided last term
    _leave(cast.school_b, date(2026, 12, 1))  # open at the term's end
    _leave(cast.school_b, date(2026, 12, 1), "granted", date(2026, 12, 20))  # open on 18 Dec

    figures = people_figures_for(term_key=AUTUMN, schools=[cast.school_a, cast.school_b])

    assert figures[cast.school_a.pk]["leave_requests"] == {"granted": 1, "declined": 1, "open": 0}
    assert figures[cast.school_b.pk]["leave_requests"] == {"granted": 0, "declined": 0, "open": 2}
    assert figures["trust"]["leave_requests"] == {"granted": 1, "declined": 1, "open": 2}


def test_the_leave_register_lists_only_the_heads_school_in_constant_queries(
    cast, client_for, terms, django_assert_num_queries
):
    client = client_for(cast.head_b)
    url = f"{reverse('support:leave_list')}?term={AUTUMN}"
    client.get(url)
    _leave(cast.school_a, date(2026, 10, 1))
    _leave(cast.school_b, date(2026, 10, 2))
    with django_assert_num_queries(LEAVE_QUERIES):
        page = client.get(url).content.decode()
    assert cast.school_b.name in page and cast.school_a.name not in page
    for day in range(3, 13):
        _leave(cast.school_b, date(2026, 10, day), "granted", date(2026, 10, 20))
    with django_assert_num_queries(LEAVE_QUERIES):
        client.get(url)


LEAVE_QUERIES = 6
