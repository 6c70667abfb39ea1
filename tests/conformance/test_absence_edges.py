"""Absence figure edge cases (docs/figures.md) not covered by tests/absence (worked by hand).

Summer 2026 (trust): 13 April to 17 July, half-term 25-29 May, bank holiday 4 May: 64 school days.
"""

from datetime import date
from decimal import Decimal

import pytest

from absence.selectors import absence_figures
from people.models import RoleGroup, Trust
from school_calendar.models import Term
from tests.absence.world import SUMMER, person, spell, terms
from tests.factories import SchoolFactory, TrustFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    trust = TrustFactory(name="Edge Trust")
    Trust.objects.filter(pk=trust.pk).update(min_group_size=3)
    terms()
    return SchoolFactory(urn="400001", trust=trust)


def _school_figures(school):
    return absence_figures(term_keys=[SUMMER], min_group_size=1).schools[school.pk]


def test_a_one_day_spell_with_both_halves_flagged_loses_half_a_day(school):
    who = person(school)
    spell(who, "H1", date(2026, 6, 3), date(2026, 6, 3), start_half=True, end_half=True)
    figures = _school_figures(school)
    assert figures["sickness_days_lost"] == Decimal("0.5")
    assert figures["staff_with_sickness"] == 1 and figures["spells_started"] == 1
    assert figures["avg_days_per_absent_staff"] == Decimal("0.5")


def test_working_days_subset_counts_for_days_available_but_not_for_fte(school):
    # Starts Monday 1 June: 35 school days of employment (7 weeks), 14 of them Mon or Wed.
    who = person(school, fte=Decimal("0.4"), working_days="Mon Wed", start_date=date(2026, 6, 1))
    spell(who, "W1", date(2026, 6, 1), date(2026, 6, 5))  # a week off: Mon and Wed are lost
    figures = _school_figures(school)
    assert figures["headcount"] == 1
    assert figures["fte_in_post"] == Decimal("0.4") * 35 / 64
    assert figures["days_available"] == 14
    assert figures["sickness_days_lost"] == 2
    assert figures["days_lost_per_fte"] == Decimal(2) / (Decimal("0.4") * 35 / 64)


def test_ratios_over_zero_are_null_and_rates_are_zero_without_sickness(school):
    person(school)
    figures = _school_figures(school)
    assert figures["sickness_days_lost"] == 0 and figures["absence_rate_pct"] == 0
    assert figures["avg_days_per_absent_staff"] is None
    assert figures["mental_health_pct"] is None
    assert figures["suppressed"] is False


def test_twenty_days_lost_is_long_term_and_nineteen_and_a_half_is_not(school):
    long_one, short_one = person(school), person(school)
    # Monday 1 June to Friday 26 June: 20 school days.
    spell(long_one, "L20", date(2026, 6, 1), date(2026, 6, 26), reason="mental_health")
    spell(short_one, "S19", date(2026, 6, 1), date(2026, 6, 26), end_half=True)
    figures = _school_figures(school)
    assert figures["sickness_days_lost"] == Decimal("39.5")
    assert figures["long_term_days_lost"] == 20
    assert figures["short_term_days_lost"] == Decimal("19.5")
    assert figures["mental_health_days_lost"] == 20
    assert figures["mental_health_pct"] == Decimal(100) * 20 / Decimal("39.5")


def test_a_schools_own_term_row_overrides_the_trusts_and_central_staff_keep_the_trusts(school):
    # This school's summer starts a week later (20 April): 59 school days.
    Term.objects.create(
        academic_year="2025-26",
        term="summer",
        school=school,
        first_day=date(2026, 4, 20),
        last_day=date(2026, 7, 17),
        half_term_first_day=date(2026, 5, 25),
        half_term_last_day=date(2026, 5, 29),
    )
    at_school = person(school)
    central = person(None, RoleGroup.SUPPORT)
    spell(at_school, "E1", date(2026, 4, 13), date(2026, 4, 17))  # before its own term starts
    spell(central, "E2", date(2026, 4, 13), date(2026, 4, 17))  # inside the trust's term
    figures = absence_figures(term_keys=[SUMMER], min_group_size=1)
    mine = figures.schools[school.pk]
    assert mine["days_available"] == 59
    assert mine["sickness_days_lost"] == 0 and mine["spells_started"] == 0
    assert figures.trust["days_available"] == 59 + 64
    assert figures.trust["sickness_days_lost"] == 5
    assert figures.trust["spells_started"] == 1
