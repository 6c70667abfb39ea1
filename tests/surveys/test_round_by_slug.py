"""Survey pages read their round with one hand-written SELECT (surveys.selectors.round_by_slug):
the same round the ORM reads, its JSON and dates converted as the ORM does."""

from surveys.models import Round
from surveys.selectors import round_by_slug
from tests.surveys.helpers import make_round


def test_the_round_is_the_one_the_orm_reads(db, django_assert_num_queries):
    made = make_round(slug="by-slug", instruments=("ons4",))
    with django_assert_num_queries(1):
        survey_round = round_by_slug("by-slug")
    expected = Round.objects.get(pk=made.pk)
    for field in Round._meta.concrete_fields:
        assert getattr(survey_round, field.attname) == getattr(expected, field.attname), field
    assert isinstance(survey_round.instruments, dict) and "ons4" in survey_round.instruments
    assert survey_round.opens_at.tzinfo is not None
    assert survey_round.is_open


def test_an_unknown_slug_is_none(db):
    assert round_by_slug("no-such-round") is None
