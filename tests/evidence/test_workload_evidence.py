"""Workload against wellbeing and absence: the report part, the coincidence rule and the page."""

import pytest
from django.urls import reverse

from dashboards import evidence, services
from surveys import services as survey_services
from surveys.models import Question
from tests.surveys.helpers import add_responses, make_round
from tests.workload.conftest import TERMS_2025_26, TERMS_2026_27, make_terms

pytestmark = pytest.mark.django_db


def _row(**values):
    base = {
        "hse": {"demands": 3.5},
        "meetings_per_teacher": 1.0,
        "meetings_off_rule_pct": 5.0,
        "directed_time_used_pct": 50.0,
        "email_quiet_share_pct": 10.0,
        "data_drops": 3,
        "data_drop_limit": 3,
        "absence_rate_pct": 3.0,
    }
    return {**base, **values}


def test_coincidence_needs_low_demands_and_two_workload_signals():
    trust = _row()
    one_signal = _row(hse={"demands": 3.3}, meetings_per_teacher=2.0)
    assert not evidence.coincidence(one_signal, trust)["flag"]
    two = _row(hse={"demands": 3.4}, meetings_per_teacher=2.0, data_drops=4)
    result = evidence.coincidence(two, trust)
    assert result["flag"] and not result["absence_high"]
    assert result["reasons"] == [
        "HSE demands score 3.40 against the trust's 3.50",
        "above the trust: meetings per teacher, data drops over the cap",
    ]
    # Demands only 0.05 lower is noise, not low wellbeing.
    close = _row(hse={"demands": 3.45}, meetings_per_teacher=2.0, email_quiet_share_pct=20.0)
    assert not evidence.coincidence(close, trust)["flag"]
    unknown = _row(hse=None, meetings_per_teacher=2.0, email_quiet_share_pct=20.0)
    assert evidence.coincidence(unknown, trust)["known"] is False
    sick = _row(hse={"demands": 3.0}, directed_time_used_pct=90.0, email_quiet_share_pct=20.0,
                absence_rate_pct=5.0)  # fmt: skip
    assert evidence.coincidence(sick, trust)["absence_high"]


@pytest.fixture
def built(cast):
    make_terms(TERMS_2025_26 + TERMS_2026_27)
    survey_round = make_round(slug="hse-round", closed=True, instruments=("hse-msit",))
    items = [q.key for q in survey_round.questions.filter(kind=Question.Kind.ITEM)]
    add_responses(survey_round, cast.school_a, 6, {key: 3 for key in items})
    add_responses(survey_round, cast.school_b, 6, {key: 5 for key in items})
    survey_services.round_results_build(survey_round=survey_round)
    report, details, source = services.report_contents(term_key="2026-27-autumn")
    return cast, services.report_store(
        term_key="2026-27-autumn", report=report, details=details, source=source
    )


def test_the_termly_report_carries_the_part(built):
    cast, stored = built
    part = stored.details["evidence"]
    assert part["hse_round"]["round"] == "hse-round"
    school_a, school_b = part["schools"]
    # Every item answered 3 on a 1-5 scale: every standard is 3 whichever items are reversed.
    assert school_a["hse"] == {key: 3.0 for key in evidence.STANDARDS}
    assert school_b["hse"]["demands"] is not None
    assert part["trust"]["teachers"] == 5 and school_a["teachers"] == 3
    assert school_b["absence_suppressed"]  # two staff: fewer than the minimum group size
    assert set(school_a["coincidence"]) >= {"flag", "reasons"}


def test_page_shows_the_part_to_readers_of_reports(built, client_for, django_assert_num_queries):
    cast, stored = built
    url = reverse("dashboards:evidence")
    html = client_for(cast.trustee).get(url).content.decode()
    assert "Where high workload and low wellbeing coincide" in html
    assert "Alder Primary School" in html and "Birch Academy" in html
    assert "Data table: HSE demands score" in html
    head = client_for(cast.head_a).get(url).content.decode()
    assert "Alder Primary School" in head and "Birch Academy" not in head
    assert client_for(cast.staff_a).get(url).status_code == 403
    client = client_for(cast.hr)
    with django_assert_num_queries(5):
        client.get(url, {"term": "2026-27-autumn"})
    pdf_body = client.get(reverse("dashboards:report", args=[stored.pk])).content.decode()
    assert "Workload against wellbeing and absence" in pdf_body
