"""The charters' measurable promises, each computed from the portal's own data."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from actions.models import Newsletter
from charters.measures import measure_compute
from dashboards.models import TermlyReport
from people.models import Role
from surveys import publishing as survey_publishing
from surveys import services as survey_services
from tests.factories import RoleAssignmentFactory, StaffMemberFactory
from tests.surveys.helpers import add_responses, make_round
from tests.workload.conftest import TERMS_2025_26, TERMS_2026_27, make_terms
from workload.models import DirectedEvent

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 2)


@pytest.fixture
def world(cast):
    make_terms(TERMS_2025_26 + TERMS_2026_27)
    return cast


def _measure(key, school=None, today=TODAY):
    return measure_compute(key, school=school, today=today)


def test_directed_time_is_on_track_until_a_teacher_goes_over_1265_hours_x_fte(world):
    result = _measure("directed_time_within_budget", world.school_a)
    assert result.status == "on_track" and result.value == "0 of 3 teachers over budget"
    # A 0.5 FTE teacher's budget is 632.5 hours: 665 hours of duties put them over, and the
    # full-time teachers (1265 hours) stay within.
    StaffMemberFactory(school=world.school_a, fte=Decimal("0.5"))
    for week in range(7):  # seven 95-hour duties: 665 hours
        DirectedEvent.objects.create(
            school=world.school_a,
            kind="other",
            title="Long duty",
            day=TODAY + timedelta(weeks=week),
            hours=Decimal("95"),
        )
    result = _measure("directed_time_within_budget", world.school_a)
    assert result.status == "off_track" and result.value == "1 of 4 teachers over budget"
    assert _measure("directed_time_within_budget", world.school_b).status == "on_track"


def test_first_aiders_per_50_staff_and_pupils(world):
    # The cast's first aider has no training date, so counts as trained: one for 5 staff.
    result = _measure("first_aiders_per_50", world.school_a)
    assert result.status == "on_track" and result.value == "1 for 5 staff"
    world.school_a.pupils = 160  # one per 50 pupils needs 3.2
    world.school_a.save()
    result = _measure("first_aiders_per_50", world.school_a)
    assert result.status == "off_track" and result.value == "1 for 5 staff and 160 pupils"
    RoleAssignmentFactory(
        user=world.staff_a, role=Role.FIRST_AIDER, school=world.school_a, trained_on=TODAY
    )
    assert _measure("first_aiders_per_50", world.school_a).status == "at_risk"  # 2 of 3.2
    trust = _measure("first_aiders_per_50")
    assert trust.value == "0 of 2 schools at one per 50" and trust.status == "off_track"
    assert _measure("first_aiders_per_50", world.school_b).value == "0 for 2 staff"


def test_termly_newsletter(world):
    result = _measure("termly_newsletter_published")
    assert result.status == "on_track" and result.value == "not yet for 2026-27-autumn"
    assert _measure("termly_newsletter_published", today=date(2026, 12, 10)).status == "at_risk"
    assert _measure("termly_newsletter_published", today=date(2026, 12, 22)).status == ("off_track")
    Newsletter.objects.create(
        term_key="2026-27-autumn", title="Autumn", state=Newsletter.State.PUBLISHED
    )
    assert _measure("termly_newsletter_published", today=date(2026, 12, 10)).status == "on_track"


def test_termly_report_delivered_to_trustees(world):
    # The summer term 2026 ended on 20 July; by 2 November its report is late.
    result = _measure("termly_report_to_trustees")
    assert result.value == "2025-26-summer not built yet" and result.status == "off_track"
    assert _measure("termly_report_to_trustees", today=date(2026, 7, 30)).status == "at_risk"
    TermlyReport.objects.create(
        term_key="2025-26-summer", version=1, built_at=timezone.now(), figures={}
    )
    assert _measure("termly_report_to_trustees").status == "on_track"


def test_survey_response_rate_in_hse_bands(world):
    assert _measure("survey_response_rate").value == "no closed survey yet"
    survey_round = make_round(slug="rate-round", open_=True, instruments=("ons4",))
    survey_publishing.invitations_create(survey_round=survey_round)
    invited = survey_round.invitations.count()
    add_responses(survey_round, world.school_a, 5, {"ons4_life_satisfaction": 7})
    survey_round.closes_at = timezone.now() - timedelta(minutes=1)
    survey_round.save()
    survey_services.round_results_build(survey_round=survey_round)
    result = _measure("survey_response_rate", today=timezone.localdate())
    pct = 100 * 5 / invited
    assert result.value.startswith(f"{pct:.0f}% (")
    assert result.status == ("on_track" if pct >= 60 else "at_risk" if pct >= 50 else "off_track")
    # School B: no responses, hidden.
    assert _measure("survey_response_rate", world.school_b, timezone.localdate()).value == (
        "too few responses to show"
    )
