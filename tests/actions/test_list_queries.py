"""Newsletter pages run the same, exact number of queries however long the newsletters are."""

import itertools
from datetime import date

import pytest
from django.utils import timezone

from actions.models import Newsletter, NewsletterItem, Status

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def _same_queries(client, url, grow, expected, django_assert_num_queries):
    client.get(url)  # warm the session and role caches
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    grow()
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def _newsletter(*, published=True, items=2, schools=()):
    n = next(_serial)
    newsletter = Newsletter.objects.create(
        term_key=f"20{10 + n}-{11 + n}-autumn",
        title=f"Newsletter {n}",
        state=Newsletter.State.PUBLISHED if published else Newsletter.State.DRAFT,
        published_at=timezone.now() if published else None,
    )
    _items(newsletter, items, schools)
    return newsletter


def _items(newsletter, count, schools):
    places = itertools.cycle(schools or [None])
    statuses = itertools.cycle([Status.DONE, Status.IN_PROGRESS])
    NewsletterItem.objects.bulk_create(
        NewsletterItem(
            newsletter=newsletter,
            school=school,
            school_name=school.name if school else "Trust-wide",
            position=i,
            status=status,
            theme="workload",
            you_said="Too many emails.",
            we_will="Agree an email charter.",
            we_did="Agreed it." if status == Status.DONE else "",
            completed_on=date(2026, 10, 1) if status == Status.DONE else None,
        )
        for i, school, status in zip(range(count), places, statuses, strict=False)
    )


@pytest.mark.parametrize(("role", "expected"), [("hr", 4), ("staff_a", 4)])
def test_newsletter_list(cast, client, django_assert_num_queries, role, expected):
    _newsletter()

    def grow():
        for _ in range(4):
            _newsletter(items=12, schools=[cast.school_a, cast.school_b])
        _newsletter(published=False, items=5)

    client.force_login(cast.user(role))
    _same_queries(client, "/actions/newsletters/", grow, expected, django_assert_num_queries)


@pytest.mark.parametrize(("role", "expected"), [("hr", 5), ("staff_a", 5)])
def test_newsletter_detail(cast, client, django_assert_num_queries, role, expected):
    newsletter = _newsletter(items=2, schools=[cast.school_a])

    def grow():
        _items(newsletter, 60, [None, cast.school_a, cast.school_b])

    client.force_login(cast.user(role))
    url = f"/actions/newsletters/{newsletter.pk}/"
    _same_queries(client, url, grow, expected, django_assert_num_queries)
