"""The charters measure "surveys_held_this_year"."""

from datetime import date

import pytest

from tests.surveys.helpers import make_round

pytestmark = pytest.mark.django_db


def test_surveys_held_this_year_counts_rounds_since_september(cast):
    from charters.measures import get_measure

    measure = get_measure("surveys_held_this_year")
    assert measure is not None
    today = date.today()
    before = measure.compute(school=None, today=today)
    make_round(slug="this-year", closed=True)
    make_round(slug="draft", open_=False)  # not opened: not held
    after = measure.compute(school=None, today=today)
    assert int(after.value) == int(before.value) + 1
    assert after.status in ("on_track", "at_risk", "off_track")
    school_only = make_round(slug="b-only", schools=[cast.school_b])
    assert school_only.published
    assert int(measure.compute(school=cast.school_a, today=today).value) == int(after.value)
    assert int(measure.compute(school=cast.school_b, today=today).value) == int(after.value) + 1
