"""Pulse surveys: a chosen set of questions, each half-term, joined with full rounds in trends."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from surveys import pulse, services
from surveys.models import Question, Round
from tests.surveys.helpers import add_responses, make_round
from tests.workload.conftest import TERMS_2025_26, TERMS_2026_27, make_terms

pytestmark = pytest.mark.django_db
UK = ZoneInfo("Europe/London")


@pytest.fixture
def source(cast):
    make_terms(TERMS_2025_26 + TERMS_2026_27)
    return make_round(slug="full-round", closed=True, instruments=("ons4",))


def _at(*args):
    return datetime(*args, tzinfo=UK)


def test_half_terms_and_their_pulse_windows(source):
    halves = pulse.half_terms("2026-27")
    assert [h.label for h in halves] == [
        "Autumn 1, 2026-27", "Autumn 2, 2026-27", "Spring 1, 2026-27", "Spring 2, 2026-27",
        "Summer 1, 2026-27", "Summer 2, 2026-27",
    ]  # fmt: skip
    # Autumn 2 starts on Saturday 31 October 2026: first Monday 2 November, pulse a week later.
    assert pulse.pulse_window(halves[1]) == (_at(2026, 11, 9, 8), _at(2026, 11, 18, 17))
    assert pulse.pulse_window(halves[2]) == (_at(2027, 1, 11, 8), _at(2027, 1, 20, 17))


def test_pulses_are_scheduled_for_the_half_terms_to_come_once(source):
    keys = ["ons4_life_satisfaction", "ons4_anxiety"]
    created = pulse.pulses_schedule(
        source=source, question_keys=keys, academic_year="2026-27", now=timezone.now()
    )
    assert [r.opens_at.astimezone(UK) for r in created] == [
        _at(2026, 11, 9, 8), _at(2027, 1, 11, 8), _at(2027, 3, 1, 8), _at(2027, 4, 19, 8),
        _at(2027, 6, 14, 8),
    ]  # fmt: skip
    first = created[0]
    assert first.kind == Round.Kind.PULSE and first.published and first.copied_from == source
    assert list(first.questions.values_list("key", flat=True)) == keys
    assert set(first.instruments) == {"ons4"}
    assert first.min_group_size == source.min_group_size
    again = pulse.pulses_schedule(
        source=source, question_keys=keys, academic_year="2026-27", now=timezone.now()
    )
    assert again == []


def test_a_pulse_has_at_most_ten_questions(source):
    keys = list(source.questions.values_list("key", flat=True))
    with pytest.raises(ValidationError, match="no question nope"):
        pulse.pulse_create(
            source=source, question_keys=["nope"], title="P", opens_at=timezone.now(),
            closes_at=timezone.now() + timedelta(days=3),
        )  # fmt: skip
    small = pulse.pulse_create(
        source=source,
        question_keys=keys[:5],
        title="Pulse",
        opens_at=timezone.now() + timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=3),
    )
    for n in range(5):
        services.question_add(survey_round=small, text=f"Extra {n}", kind=Question.Kind.AGREE5)
    with pytest.raises(ValidationError, match="at most 10 questions"):
        services.question_add(survey_round=small, text="One too many", kind=Question.Kind.AGREE5)
    assert small.questions.count() == 10


def test_trends_join_pulses_and_full_rounds_on_shared_questions(source, cast, client_for):
    add_responses(source, cast.school_a, 6, {"ons4_life_satisfaction": 6, "ons4_anxiety": 4})
    services.round_results_build(survey_round=source)
    now = timezone.now()
    one = pulse.pulse_create(
        source=source,
        question_keys=["ons4_life_satisfaction"],
        title="Pulse survey: Autumn 2",
        opens_at=now - timedelta(days=3),
        closes_at=now - timedelta(days=1),
        publish=True,
    )
    add_responses(one, cast.school_a, 6, {"ons4_life_satisfaction": 8})
    services.round_results_build(survey_round=one)
    html = client_for(cast.hr).get(reverse("surveys:results", args=[one.slug])).content.decode()
    assert "ONS personal wellbeing" in html or "trend" in html.lower()
    assert "Pulse survey: Autumn 2" in html and source.title in html
    assert "6.00" in html and "8.00" in html  # both rounds' life satisfaction on one line
    page = client_for(cast.hr).get(reverse("surveys:pulses", args=[source.slug]))
    assert page.status_code == 200 and "Autumn 2, 2026-27" in page.content.decode()


def test_pulses_do_not_count_as_the_surveys_a_charter_promises(source):
    from charters.measures import measure_compute

    before = measure_compute("surveys_held_this_year", school=None, today=timezone.localdate())
    pulse.pulses_schedule(
        source=source,
        question_keys=["ons4_life_satisfaction"],
        academic_year="2026-27",
        now=timezone.now() - timedelta(days=60),
    )
    after = measure_compute("surveys_held_this_year", school=None, today=timezone.localdate())
    assert Round.objects.filter(kind=Round.Kind.PULSE).exists()
    assert after.value == before.value
