"""Survey list pages run the same, exact number of queries however much data there is."""

import itertools

import pytest

from people.models import User
from surveys.models import Comment, Invitation
from tests.surveys.helpers import make_round

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def _same_queries(client, url, grow, expected, django_assert_num_queries):
    client.get(url)  # warm the session and role caches
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    grow()
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def _rounds(count):
    for _ in range(count):
        n = next(_serial)
        make_round(slug=f"closed-{n}", closed=True, custom=False)
        make_round(slug=f"open-{n}", custom=False)
        make_round(slug=f"draft-{n}", open_=False, custom=False)


@pytest.mark.parametrize(("role", "expected"), [("hr", 4), ("head_a", 4)])
def test_round_list(cast, client, django_assert_num_queries, role, expected):
    _rounds(1)
    client.force_login(cast.user(role))
    _same_queries(client, "/surveys/", lambda: _rounds(6), expected, django_assert_num_queries)


def _invite(survey_round, school, count, role_group="teaching"):
    users = User.objects.bulk_create(
        User(email=f"invitee{next(_serial)}@example.org") for _ in range(count)
    )
    Invitation.objects.bulk_create(
        Invitation(
            round=survey_round, user=user, school=school, role_group=role_group, responded=i % 2
        )
        for i, user in enumerate(users)
    )


@pytest.mark.parametrize(("role", "expected"), [("hr", 5), ("head_a", 6)])
def test_response_rates(cast, client, django_assert_num_queries, role, expected):
    survey_round = make_round(slug="rates", custom=False)
    _invite(survey_round, cast.school_a, 3)

    def grow():
        _invite(survey_round, cast.school_a, 40, "support")
        _invite(survey_round, cast.school_b, 40)
        _invite(survey_round, None, 10, "support")

    client.force_login(cast.user(role))
    url = f"/surveys/{survey_round.slug}/response-rates/"
    _same_queries(client, url, grow, expected, django_assert_num_queries)


def _comments(survey_round, school, count):
    statuses = itertools.cycle(Comment.Status.values)
    Comment.objects.bulk_create(
        Comment(
            round=survey_round,
            question_key="anything_else",
            school=school,
            role_group="teaching",
            text=f"Comment {next(_serial)}",
            status=next(statuses),
        )
        for _ in range(count)
    )


def test_hr_comments_review(cast, client, django_assert_num_queries):
    survey_round = make_round(slug="comments", closed=True)
    _comments(survey_round, cast.school_a, 2)

    def grow():
        _comments(survey_round, cast.school_a, 30)
        _comments(survey_round, cast.school_b, 30)
        _comments(survey_round, None, 5)

    client.force_login(cast.hr)
    url = f"/surveys/{survey_round.slug}/comments/"
    _same_queries(client, url, grow, 9, django_assert_num_queries)
