"""The absence pages cost by page size: stored sums on the figures page, one page of people on
the records page. Query counts are exact and do not grow with the data."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from absence import store as absence_store
from absence.selectors import absence_figures, bradford_factors, rounded
from absence.services import absence_import
from tests.absence.world import SUMMER, person, spell, terms

pytestmark = pytest.mark.django_db

# Sign-in, access and menu, the terms offered, the data generation and the stored sums, the
# trust's minimum group size and the schools shown: none of them grows with the data.
FIGURES_PAGE_QUERIES = 9
RECORDS_PAGE_QUERIES = 10


def _staff_world(cast, people=6):
    terms()
    staff = [person(cast.school_a, start_date=date(2020, 9, 1)) for _ in range(people)]
    for index, member in enumerate(staff):
        spell(member, f"S{index}", date(2026, 5, 5), date(2026, 5, 6 + index % 3))
    return staff


def _trust_row(response):
    rows = response.context["rows"]
    assert rows[0]["name"] == "Whole trust"
    return rows[0]["figures"]


def test_the_figures_page_reads_stored_sums_in_a_constant_number_of_queries(
    cast, client_for, django_assert_num_queries
):
    staff = _staff_world(cast)
    client = client_for(cast.hr)
    url = reverse("absence:figures") + f"?term={SUMMER}"
    client.get(url)  # the first read computes and stores the period's sums
    with django_assert_num_queries(FIGURES_PAGE_QUERIES):
        client.get(url)
    for index in range(30):
        day = date(2026, 6, 1 + index)
        spell(staff[index % len(staff)], f"X{index}", day, day)
        person(cast.school_b, start_date=date(2020, 9, 1))
    client.get(url)
    with django_assert_num_queries(FIGURES_PAGE_QUERIES):
        response = client.get(url)
    assert _trust_row(response) == rounded(absence_figures(term_keys=[SUMMER]).trust)


def test_a_change_to_the_data_is_on_the_figures_page_at_once(cast, client_for):
    staff = _staff_world(cast)
    client = client_for(cast.hr)
    url = reverse("absence:figures") + f"?term={SUMMER}"
    before = _trust_row(client.get(url))["sickness_days_lost"]
    spell(staff[0], "NEW", date(2026, 6, 8), date(2026, 6, 9))  # two more working days
    assert _trust_row(client.get(url))["sickness_days_lost"] == before + 2
    staff[1].end_date = date(2026, 4, 30)  # leaving changes the days available
    staff[1].save()
    assert _trust_row(client.get(url)) == rounded(absence_figures(term_keys=[SUMMER]).trust)


def test_an_import_stores_the_recent_terms_sums_once_it_commits(
    cast, django_capture_on_commit_callbacks
):
    staff = _staff_world(cast)
    staff[0].staff_id = "P1"
    staff[0].save()
    absence_store.period_sums(term_keys=[SUMMER])
    stored_before = cache.get(absence_store._key(absence_store._generation(), [SUMMER]))
    assert stored_before is not None
    csv = "record_id,staff_id,start_date,end_date,category\nI1,P1,2026-06-08,2026-06-09,SIC\n"
    with django_capture_on_commit_callbacks(execute=True):
        absence_import(data=csv.encode())
    latest = absence_store.figure_terms()[0]
    stored = cache.get(absence_store._key(absence_store._generation(), [latest]))
    assert stored is not None  # precomputed, not waiting for the first reader
    summer = absence_store.period_sums(term_keys=[SUMMER])
    assert summer.trust().sickness_days_lost == stored_before["sums"].trust().sickness_days_lost + 2


def test_the_records_page_runs_the_same_queries_for_a_few_people_or_many(
    cast, client_for, django_assert_num_queries
):
    _staff_world(cast, people=3)
    client = client_for(cast.hr)
    url = reverse("absence:records")
    client.get(url)
    with django_assert_num_queries(RECORDS_PAGE_QUERIES):
        response = client.get(url)
    assert len(response.context["rows"]) == 3
    for index in range(60):
        member = person(cast.school_b if index % 2 else cast.school_a, start_date=date(2020, 9, 1))
        spell(member, f"M{index}", date(2026, 6, 1), date(2026, 6, 2))
    client.get(url)  # the first read after a change stores the new list of people
    with django_assert_num_queries(RECORDS_PAGE_QUERIES):
        response = client.get(url)
    assert len(response.context["rows"]) == 50  # one page
    with django_assert_num_queries(RECORDS_PAGE_QUERIES):
        response = client.get(url + "?page=2")
    assert len(response.context["rows"]) == 13
    shown = dict(response.context["rows"])
    expected = bradford_factors(staff_ids=[p.pk for p in shown], today=date(2026, 11, 2))
    assert {p.pk: f for p, f in shown.items()} == expected


def test_the_records_page_lists_a_new_spell_at_once(cast, client_for):
    staff = _staff_world(cast, people=2)
    client = client_for(cast.hr)
    url = reverse("absence:records")
    assert len(client.get(url).context["rows"]) == 2
    newcomer = person(cast.school_b, start_date=date(2020, 9, 1))
    spell(newcomer, "LATE", date(2026, 10, 5), date(2026, 10, 6))
    shown = dict(client.get(url).context["rows"])
    assert {p.pk for p in shown} == {staff[0].pk, staff[1].pk, newcomer.pk}
