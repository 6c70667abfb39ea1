"""The absence figures of docs/figures.md on hand-made data, expected values worked out by hand.

Summer 2026 has 64 school days: 14 weeks (70 weekdays) less the half-term (5) and the May
bank holiday (1). Spring 2026 has 55: 12 weeks less the half-term.
"""

from datetime import date
from decimal import Decimal

import pytest

from absence.selectors import absence_figures, bradford_factors, rounded
from people.models import RoleGroup, Trust
from school_calendar.models import Term
from school_calendar.terms import school_working_days
from tests.absence.world import SPRING, SUMMER, hand_made_school, person, spell, terms
from tests.factories import SchoolFactory, TrustFactory

pytestmark = pytest.mark.django_db


def test_the_calendar_matches_the_workload_calendar():
    hand_made_school()
    assert len(school_working_days(SUMMER)) == 64
    assert len(school_working_days(SPRING)) == 55


def test_school_figures_for_a_term_match_the_hand_worked_values():
    school = hand_made_school()
    figures = absence_figures(term_keys=[SUMMER]).schools[school.pk]
    # In post: full-time, part-time (Mon-Wed), long-term sick, leaver (to 12 June), support
    # (Thu-Fri, 0.5); the September starter is not.
    assert figures["headcount"] == 5
    # 1 + 0.6 + 1 + 39/64 (leaver) + 0.5
    assert figures["fte_in_post"] == Decimal("3.709375")
    # 64 + 38 (Mon-Wed: 42 less bank holiday and 3 half-term days) + 64 + 39 + 26 (Thu-Fri)
    assert figures["days_available"] == 231
    # 24 + 5.5 + 5 + 3
    assert figures["sickness_days_lost"] == Decimal("37.5")
    assert figures["staff_with_sickness"] == 4
    assert figures["mental_health_days_lost"] == 24
    assert figures["long_term_days_lost"] == 29  # 24 (S1) + 5 (S3, long over spring and summer)
    assert figures["short_term_days_lost"] == Decimal("8.5")
    assert figures["spells_started"] == 2  # S1 and S4 start in summer
    assert rounded(figures) == {
        "headcount": 5,
        "fte_in_post": 3.71,
        "days_available": 231,
        "sickness_days_lost": 37.5,
        "absence_rate_pct": 16.23,  # 3750 / 231
        "days_lost_per_fte": 10.11,  # 37.5 / 3.709375 = 10.1095
        "avg_days_lost_per_staff": 7.5,
        "staff_with_sickness": 4,
        "pct_staff_with_sickness": 80,
        "avg_days_per_absent_staff": 9.38,  # 9.375, rounded half up
        "mental_health_days_lost": 24,
        "mental_health_pct": 64,
        "long_term_days_lost": 29,
        "short_term_days_lost": 8.5,
        "spells_started": 2,
        "suppressed": False,
    }


def test_the_previous_term_counts_the_part_of_each_spell_inside_it():
    school = hand_made_school()
    figures = absence_figures(term_keys=[SPRING]).schools[school.pk]
    assert figures["headcount"] == 5
    assert figures["days_available"] == 55 + 33 + 55 + 55 + 22
    assert figures["sickness_days_lost"] == Decimal("37.5")  # S2: 2.5, S3: 35
    assert figures["long_term_days_lost"] == 35
    assert figures["spells_started"] == 2
    assert figures["mental_health_pct"] == 0


def test_a_small_role_group_is_hidden_with_its_sibling():
    school = hand_made_school(min_group_size=3)
    figures = absence_figures(term_keys=[SUMMER])
    support = figures.role_groups[(school.pk, RoleGroup.SUPPORT)]
    teaching = figures.role_groups[(school.pk, RoleGroup.TEACHING)]
    assert support["suppressed"] and support["headcount"] is None
    # Teaching (4) would be shown, but school minus teaching would give support away.
    assert teaching["suppressed"] and teaching["sickness_days_lost"] is None
    assert figures.schools[school.pk]["suppressed"] is False


def test_a_school_below_the_minimum_has_every_figure_null():
    school = hand_made_school(min_group_size=6)
    figures = absence_figures(term_keys=[SUMMER]).schools[school.pk]
    assert figures["suppressed"] is True
    assert all(value is None for key, value in figures.items() if key != "suppressed")


def test_central_staff_count_for_the_trust_and_schools_use_their_own_term_dates():
    trust = TrustFactory(name="Two Calendars Trust")
    Trust.objects.filter(pk=trust.pk).update(min_group_size=3)
    terms()
    own = SchoolFactory(urn="200002", trust=trust)
    # This school's summer ends a week later: 69 school days.
    Term.objects.create(
        academic_year="2025-26",
        term="summer",
        school=own,
        first_day=date(2026, 4, 13),
        last_day=date(2026, 7, 24),
        half_term_first_day=date(2026, 5, 25),
        half_term_last_day=date(2026, 5, 29),
    )
    for _ in range(3):
        person(own)
    central = person(None, RoleGroup.SUPPORT)
    person(None, RoleGroup.SUPPORT)
    person(None, RoleGroup.SUPPORT)
    spell(central, "C1", date(2026, 7, 20), date(2026, 7, 24))  # after the trust's term: 0 days
    late = person(own)
    spell(late, "L1", date(2026, 7, 20), date(2026, 7, 21))  # inside this school's own term
    figures = absence_figures(term_keys=[SUMMER])
    assert figures.schools[own.pk]["days_available"] == 4 * 69
    assert figures.schools[own.pk]["sickness_days_lost"] == 2
    assert figures.trust["headcount"] == 7
    assert figures.trust["days_available"] == 4 * 69 + 3 * 64
    assert figures.trust["sickness_days_lost"] == 2
    assert figures.trust["spells_started"] == 1


def test_a_single_small_school_is_not_given_away_by_the_trust_total():
    trust = TrustFactory(name="Subtraction Trust")
    Trust.objects.filter(pk=trust.pk).update(min_group_size=3)
    terms()
    big, small = SchoolFactory(urn="200003", trust=trust), SchoolFactory(urn="200004", trust=trust)
    for _ in range(4):
        person(big)
    person(small)
    figures = absence_figures(term_keys=[SUMMER])
    assert figures.schools[small.pk]["suppressed"] and figures.schools[big.pk]["suppressed"]
    assert figures.trust["headcount"] == 5


def test_a_year_to_date_counts_each_person_once():
    school = hand_made_school()
    figures = absence_figures(term_keys=[SPRING, SUMMER]).schools[school.pk]
    assert figures["headcount"] == 5
    assert figures["sickness_days_lost"] == 75
    assert figures["staff_with_sickness"] == 4


def test_a_term_without_dates_has_no_figures():
    hand_made_school()
    assert absence_figures(term_keys=["2024-25-autumn"]) is None


def test_the_bradford_factor_is_spells_squared_times_days_over_52_weeks():
    school = hand_made_school()
    part = school.staff.get(working_days="Mon Tue Wed")
    spell(part, "S6", date(2026, 7, 6), date(2026, 7, 7))  # 2 more days
    factors = bradford_factors(staff_ids=[part.pk], today=date(2026, 7, 17))
    # 2 spells, 8 + 2 days: 2² × 10
    assert factors[part.pk] == {"spells": 2, "days": 10, "bradford": 40}


def test_figures_take_a_constant_number_of_queries(django_assert_num_queries):
    school = hand_made_school()
    absence_figures(term_keys=[SUMMER])
    with django_assert_num_queries(6):
        absence_figures(term_keys=[SUMMER])
    for index in range(20):
        spell(person(school), f"X{index}", date(2026, 5, 5), date(2026, 5, 6))
    with django_assert_num_queries(6):
        absence_figures(term_keys=[SUMMER])


def test_periods_summed_in_one_pass_match_each_period_summed_alone():
    """The report's four periods in one statement: the same sums, to the digit, as one by one
    (a long spell across two terms, a term in progress and a term without dates included)."""
    from absence.sums import period_sums, periods_sums

    school = hand_made_school()
    long_spell_person = person(school, role_group=RoleGroup.SUPPORT)
    spell(long_spell_person, "L1", date(2026, 3, 2), date(2026, 4, 30), reason="mental_health")
    periods = {
        "now": [SUMMER],
        "previous": [SPRING],
        "year_ago": ["2024-25-summer"],
        "to_date": [SPRING, SUMMER],
    }
    for today in (date(2026, 5, 20), date(2026, 7, 31)):
        together = periods_sums(periods=periods, today=today)
        for name, term_keys in periods.items():
            alone = period_sums(term_keys=term_keys, today=today)
            if alone is None:
                assert together[name] is None
                continue
            assert together[name].measured_to == alone.measured_to
            assert {k: repr(v) for k, v in together[name].cells.items()} == {
                k: repr(v) for k, v in alone.cells.items()
            }
    assert together["now"].school(school.pk).long_term_days_lost > 0
