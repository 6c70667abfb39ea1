"""The report's "people" object, checked against figures worked out by hand."""

from datetime import date

import pytest

from people.models import Role
from support.models import CaseworkCount, FlexibleWorkingRequest
from support.selectors import people_figures, people_figures_for
from tests.factories import RoleAssignmentFactory, StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

SUMMER = "2025-26-summer"  # 13 April to 20 July 2026


def _staff(school, start=date(2015, 9, 1), end=None):
    return StaffMemberFactory(school=school, start_date=start, end_date=end)


@pytest.fixture
def summer_world(cast, terms):
    a, b = cast.school_a, cast.school_b
    _staff(a, end=date(2026, 5, 15))  # leaver in the term
    _staff(a, end=date(2026, 7, 20))  # leaver on the last day: still in post that day
    _staff(a, start=date(2026, 4, 13))  # starter on the first day
    _staff(a, start=date(2026, 6, 1))  # starter
    _staff(a, start=date(2026, 7, 1))  # starter
    _staff(a, end=date(2026, 9, 30))  # leaves next term: in post all summer
    _staff(a, end=date(2026, 3, 27))  # left the term before
    _staff(a, start=date(2027, 1, 4))  # starts later
    _staff(b, end=date(2026, 4, 30))  # school B leaver
    cast.first_aider_a.role_assignments.filter(role=Role.FIRST_AIDER).update(
        trained_on=date(2024, 1, 10), training_lapses_on=date(2027, 1, 10)
    )
    for school, trained, lapses in [
        (a, date(2023, 6, 1), date(2026, 6, 1)),  # lapsed before the term's last day
        (a, date(2026, 8, 1), date(2029, 8, 1)),  # trained after it
        (b, date(2025, 1, 1), date(2028, 1, 1)),
    ]:
        RoleAssignmentFactory(
            user=UserFactory(),
            role=Role.FIRST_AIDER,
            school=school,
            trained_on=trained,
            training_lapses_on=lapses,
        )
    CaseworkCount.objects.create(school=a, term_key=SUMMER, grievances=2, complaints=1, disputes=1)
    CaseworkCount.objects.create(school=None, term_key=SUMMER, grievances=1)
    CaseworkCount.objects.create(school=b, term_key=SUMMER, complaints=4)
    CaseworkCount.objects.create(school=a, term_key="2026-27-autumn", grievances=9)
    for school, received, decision, decided in [
        (a, date(2026, 3, 1), "granted", date(2026, 4, 20)),
        (a, date(2026, 5, 1), "declined", date(2026, 6, 10)),
        (a, date(2026, 7, 1), "open", None),
        (a, date(2026, 7, 10), "granted", date(2026, 8, 1)),  # still open on 20 July
        (a, date(2026, 1, 1), "granted", date(2026, 2, 1)),  # decided the term before
        (a, date(2026, 8, 15), "open", None),  # received after the term
        (b, date(2026, 5, 5), "granted", date(2026, 5, 20)),
    ]:
        FlexibleWorkingRequest.objects.create(
            school=school,
            role_group="teaching",
            kind="job_share",
            received_on=received,
            decision=decision,
            decided_on=decided,
            decline_reason="Cover could not be found." if decision == "declined" else "",
        )
    return cast


def test_school_figures_match_the_hand_worked_values(summer_world):
    figures = people_figures(term_key=SUMMER, school=summer_world.school_a)

    # Headcount 13 April: 5 of the cast + 2 leavers + first-day starter + next-term leaver = 9.
    # Headcount 20 July: 5 + last-day leaver + 3 starters + next-term leaver = 10. Mean 9.5.
    assert figures["starters"] == 3
    assert figures["leavers"] == 2
    assert figures["turnover_pct"] == pytest.approx(100 * 2 / 9.5)  # 21.05
    # One first aider trained and not lapsed on 20 July, 10 staff in post: 50 × 1 ÷ 10.
    assert figures["first_aiders"] == 1
    assert figures["first_aiders_per_50_staff"] == pytest.approx(5.0)
    assert (
        figures["grievances"],
        figures["complaints"],
        figures["disciplinaries"],
        figures["disputes"],
    ) == (
        2,
        1,
        0,
        1,
    )
    assert figures["flexible_requests"] == {"granted": 1, "declined": 1, "open": 2}


def test_trust_figures_include_every_school_and_the_central_team(summer_world):
    figures = people_figures(term_key=SUMMER)

    # 13 April: 9 at A + 2 at B + the B leaver + HR (central) = 13; 20 July: 10 + 2 + 1 = 13.
    assert {key: figures[key] for key in list(figures)[:10]} == {
        "starters": 3,
        "leavers": 3,
        "turnover_pct": pytest.approx(100 * 3 / 13),
        "grievances": 3,
        "complaints": 5,
        "disciplinaries": 0,
        "disputes": 1,
        "flexible_requests": {"granted": 2, "declined": 1, "open": 2},
        "first_aiders": 2,
        "first_aiders_per_50_staff": pytest.approx(50 * 2 / 13),
    }


def test_a_school_below_the_minimum_group_size_has_no_figures(summer_world):
    figures = people_figures(term_key=SUMMER, school=summer_world.school_b)  # 2 or 3 staff

    assert figures["leavers"] is None and figures["turnover_pct"] is None
    assert figures["first_aiders"] is None and figures["complaints"] is None
    assert figures["flexible_requests"] == {"granted": None, "declined": None, "open": None}


def test_a_term_without_dates_gives_nulls(summer_world):
    figures = people_figures(term_key="2030-31-autumn", school=summer_world.school_a)

    assert figures["starters"] is None and figures["turnover_pct"] is None


def test_casework_not_recorded_is_null_not_zero(summer_world):
    figures = people_figures(term_key="2025-26-spring", school=summer_world.school_a)

    assert figures["grievances"] is None
    assert figures["leavers"] == 1  # the one who left on 27 March


def test_figures_take_the_same_queries_at_two_data_sizes(summer_world, django_assert_num_queries):
    schools = [summer_world.school_a, summer_world.school_b]
    # 3 groups' term dates, the trust, 9 data queries, the programmes twice and 3 queries for the
    # training of the one reference day (every group's term ends on 20 July).
    with django_assert_num_queries(17):
        people_figures_for(term_key=SUMMER, schools=schools)
    for _ in range(20):
        _staff(summer_world.school_a, end=date(2026, 6, 1))
        FlexibleWorkingRequest.objects.create(
            school=summer_world.school_b,
            role_group="support",
            kind="other",
            received_on=date(2026, 5, 1),
        )
    with django_assert_num_queries(17):
        people_figures_for(term_key=SUMMER, schools=schools)


def test_a_small_school_cannot_be_worked_out_as_the_trust_minus_the_others(summer_world):
    # School B (2 or 3 staff) is hidden; the trust minus school A would be school B and the
    # central team (a few people), so with the whole family asked for, A is hidden too.
    schools = [summer_world.school_a, summer_world.school_b]
    figures = people_figures_for(term_key=SUMMER, schools=schools)
    assert figures["trust"]["leavers"] == 3
    assert figures[summer_world.school_b.pk]["leavers"] is None
    assert figures[summer_world.school_a.pk]["leavers"] is None
    # Asked for one school alone (the family is not known), A keeps its figures.
    assert people_figures(term_key=SUMMER, school=summer_world.school_a)["leavers"] == 2
