"""Survey rounds for tests, built through the app's own services."""

from datetime import timedelta

from django.utils import timezone

from surveys import services
from surveys.instruments import builtin_instruments_load
from surveys.models import Instrument, Question, Response, Round


def make_round(
    *,
    slug="test-round",
    title="Test survey",
    open_=True,
    closed=False,
    min_group_size=5,
    instruments=(),
    custom=True,
    schools=None,
    comment_min_group_size=10,
):
    now = timezone.now()
    if closed:
        opens_at, closes_at = now - timedelta(days=20), now - timedelta(days=5)
    elif open_:
        opens_at, closes_at = now - timedelta(days=2), now + timedelta(days=10)
    else:
        opens_at, closes_at = now + timedelta(days=2), now + timedelta(days=10)
    survey_round = services.round_create(
        title=title,
        slug=slug,
        opens_at=opens_at,
        closes_at=closes_at,
        min_group_size=min_group_size,
        whole_trust=schools is None,
        schools=schools or (),
        comment_min_group_size=comment_min_group_size,
    )
    if instruments and Instrument.objects.filter(key__in=instruments).count() < len(instruments):
        # A transactional test elsewhere may have flushed the migration's rows.
        builtin_instruments_load()
    for key in instruments:
        services.round_instrument_add(
            survey_round=survey_round, instrument=Instrument.objects.get(key=key)
        )
    if custom:
        services.question_add(
            survey_round=survey_round,
            text="I feel valued at work",
            kind=Question.Kind.AGREE5,
            required=True,
        )
        services.question_add(
            survey_round=survey_round,
            text="Anything else?",
            kind=Question.Kind.TEXT,
            section="Comments",
        )
    if open_ or closed:
        survey_round.published = True
        survey_round.save(update_fields=["published"])
    return survey_round


def add_responses(survey_round, school, count, answers, role_group="teaching"):
    Response.objects.bulk_create(
        Response(
            round=survey_round,
            school=school,
            role_group=role_group,
            submitted_on=timezone.localdate(),
            answers=dict(answers),
        )
        for _ in range(count)
    )


def closed_round_with_results(cast, slug="closed-round"):
    existing = Round.objects.filter(slug=slug).first()
    if existing:
        return existing
    survey_round = make_round(slug=slug, closed=True, instruments=("ons4",))
    key = survey_round.questions.get(kind=Question.Kind.AGREE5).key
    answers = {
        key: 4,
        "ons4_life_satisfaction": 7,
        "ons4_worthwhile": 8,
        "ons4_happiness": 7,
        "ons4_anxiety": 3,
    }
    add_responses(survey_round, cast.school_a, 6, answers)
    add_responses(survey_round, cast.school_b, 7, answers)
    services.round_results_build(survey_round=survey_round)
    return survey_round


def open_round(cast, slug="open-round"):
    return Round.objects.filter(slug=slug).first() or make_round(slug=slug)


def draft_round(cast, slug="draft-round"):
    return Round.objects.filter(slug=slug).first() or make_round(slug=slug, open_=False)
