"""A report built while its term is in progress measures absence up to the build day only: the
days available and the days lost both stop there (docs/figures.md, absence)."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from absence import store as absence_store
from dashboards import services
from people.models import Trust
from tests.absence.world import SUMMER, person, spell, terms
from tests.factories import SchoolFactory, TrustFactory

pytestmark = pytest.mark.django_db

# Summer 2026 begins on Monday 13 April; built on Friday 24 April its working days so far are
# 13-17 and 20-24 April: 10 days (the Easter bank holidays fall before the term).
BUILD_DAY = date(2026, 4, 24)


def _three_full_timers():
    trust = TrustFactory(name="Mid Term Trust")
    Trust.objects.filter(pk=trust.pk).update(min_group_size=3)
    school = SchoolFactory(urn="200101", name="Birch School", trust=trust)
    terms()
    staff = [person(school, start_date=date(2020, 9, 1)) for _ in range(3)]
    spell(staff[0], "M1", date(2026, 4, 20), date(2026, 4, 21))  # 2 days, before the build day
    spell(staff[1], "M2", date(2026, 4, 24), date(2026, 4, 28))  # 1 day on it, 2 after it
    spell(staff[2], "M3", date(2026, 5, 6), date(2026, 5, 7))  # booked ahead: after the build day
    return school


def test_a_report_built_mid_term_counts_days_up_to_the_build_day_only():
    _three_full_timers()
    report, _details, _source = services.report_contents(term_key=SUMMER, today=BUILD_DAY)
    absence = report["trust"]["absence"]
    # 3 full-timers × 10 working days = 30 available; lost 2 + 1 = 3 (not the 64-day term's 192).
    assert absence["days_available"] == 30
    assert absence["sickness_days_lost"] == 3
    assert absence["absence_rate_pct"] == 10  # 100 × 3 ÷ 30
    assert absence["fte_in_post"] == 3
    assert absence["days_lost_per_fte"] == 1
    assert absence["staff_with_sickness"] == 2
    assert absence["spells_started"] == 2  # M3 starts after the build day
    assert report["schools"][0]["absence"]["days_available"] == 30


def test_a_report_built_after_the_term_counts_the_whole_term():
    _three_full_timers()
    report, _details, _source = services.report_contents(term_key=SUMMER, today=date(2026, 7, 20))
    absence = report["trust"]["absence"]
    # 64 working days each; lost 2 + 3 (24, 27, 28 April) + 2 = 7.
    assert absence["days_available"] == 192
    assert absence["sickness_days_lost"] == 7
    assert absence["absence_rate_pct"] == 3.65  # 100 × 7 ÷ 192 = 3.6458...
    assert absence["spells_started"] == 3


def test_the_figures_page_measures_a_term_in_progress_to_today_and_never_serves_it_later(
    cast, client_for
):
    # The suite's cast brings its own trust and schools; only the trust row is read here.
    school = cast.school_a
    terms()
    staff = [person(school, start_date=date(2020, 9, 1)) for _ in range(3)]
    spell(staff[0], "P1", date(2026, 4, 20), date(2026, 4, 21))
    spell(staff[1], "P2", date(2026, 4, 27), date(2026, 4, 27))
    client = client_for(cast.hr)
    url = reverse("absence:figures") + f"?term={SUMMER}"

    def trust_row():
        rows = client.get(url).context["rows"]
        assert rows[0]["name"] == "Whole trust"
        return rows[0]["figures"]

    with time_machine.travel(date(2026, 4, 24), tick=False):
        on_friday = trust_row()
        assert trust_row() == on_friday  # served from the store the second time
        stored = absence_store.period_sums(term_keys=[SUMMER])
        assert stored.measured_to == date(2026, 4, 24)
    with time_machine.travel(date(2026, 4, 27), tick=False):
        on_monday = trust_row()
    headcount = on_friday["headcount"]
    assert on_monday["headcount"] == headcount
    # Friday: 10 working days each, 2 lost. Monday: 11 each, 3 lost (the stored Friday figure
    # is not served on Monday).
    assert on_friday["days_available"] == 10 * headcount
    assert on_friday["sickness_days_lost"] == 2
    assert on_monday["days_available"] == 11 * headcount
    assert on_monday["sickness_days_lost"] == 3
