"""Charter lists run the same, exact number of queries however many charters exist."""

import itertools

import pytest

from charters import services
from tests.charters.helpers import next_version, published_charter

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def _same_queries(client, url, grow, expected, django_assert_num_queries):
    client.get(url)  # warm the session and role caches
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    grow()
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def _charters(cast, *, count):
    """Published charters for the trust and both schools, one with a second version, and drafts."""
    for school in itertools.islice(itertools.cycle([None, cast.school_a, cast.school_b]), count):
        charter = published_charter(cast.hr, title=f"Charter {next(_serial)}", school=school)
        if school is cast.school_a:
            next_version(charter, cast.hr)
            services.draft_start(charter=charter)
    services.charter_create(kind="workload", title=f"Unpublished {next(_serial)}", school=None)


@pytest.mark.parametrize(
    ("role", "expected"), [("staff_a", 6), ("governor_b", 4), ("trustee", 4), ("hr", 6)]
)
def test_charters_index(cast, client, django_assert_num_queries, role, expected):
    _charters(cast, count=1)
    client.force_login(cast.user(role))
    _same_queries(
        client,
        "/charters/",
        lambda: _charters(cast, count=9),
        expected,
        django_assert_num_queries,
    )


def test_charters_manage(cast, client, django_assert_num_queries):
    _charters(cast, count=1)
    client.force_login(cast.hr)
    _same_queries(
        client,
        "/charters/manage/",
        lambda: _charters(cast, count=9),
        6,
        django_assert_num_queries,
    )
