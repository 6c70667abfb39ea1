from datetime import date

import pytest

from actions import services


@pytest.fixture
def make_action(cast):
    """Record an action through the service, as a head would (school A by default)."""

    def make(*, by=None, school="a", **fields):
        school_obj = {"a": cast.school_a, "b": cast.school_b, None: None}[school]
        values = {
            "theme": "workload",
            "you_said": "Too many emails after six.",
            "we_will": "Agree an email charter with staff.",
            "owner": {"a": cast.head_a, "b": cast.head_b, None: cast.hr}[school],
            "due_on": date(2027, 2, 1),
        }
        values.update(fields)
        author = by or {"a": cast.head_a, "b": cast.head_b, None: cast.hr}[school]
        return services.action_create(by=author, school=school_obj, **values)

    return make
