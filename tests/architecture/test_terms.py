"""A term is a value parsed once; one current term; one rule for a term's dates, held alike by
the HR page, the CSV import, the model's full_clean and the database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse

from school_calendar.models import Term
from school_calendar.services import term_import
from school_calendar.terms import SchoolTerm, current_term

HEADER = "academic_year,term,first_day,last_day,half_term_first_day,half_term_last_day,school_urn\n"


def test_a_term_parses_once_and_knows_its_neighbours():
    spring = SchoolTerm.parse(" 2025-26-spring ")
    assert (spring.key, spring.academic_year, spring.name, spring.label) == (
        "2025-26-spring",
        "2025-26",
        "spring",
        "Spring 2025-26",
    )
    assert str(spring.previous) == "2025-26-autumn"
    assert str(spring.previous.previous) == "2024-25-summer"
    assert str(spring.same_term_last_year) == "2024-25-spring"
    assert [t.key for t in SchoolTerm.parse("2025-26-summer").year_to_date] == [
        "2025-26-autumn",
        "2025-26-spring",
        "2025-26-summer",
    ]
    assert SchoolTerm.parse("1999-00-autumn").previous.key == "1998-99-summer"
    assert sorted([spring, spring.previous, spring.same_term_last_year]) == [
        spring.same_term_last_year,
        spring.previous,
        spring,
    ]


@pytest.mark.parametrize("bad", ["2025-27-spring", "2025-26-winter", "spring", "", "2025-26"])
def test_anything_else_is_refused_where_it_enters(bad):
    with pytest.raises(ValueError, match="is not"):
        SchoolTerm.parse(bad)


@pytest.mark.django_db
def test_its_dates_are_the_schools_own_else_the_trusts(cast):
    Term.objects.create(
        academic_year="2026-27",
        term="autumn",
        first_day=date(2026, 9, 1),
        last_day=date(2026, 12, 18),
    )
    Term.objects.create(
        academic_year="2026-27",
        term="autumn",
        school=cast.school_a,
        first_day=date(2026, 9, 3),
        last_day=date(2026, 12, 18),
    )
    autumn = SchoolTerm.parse("2026-27-autumn")
    assert autumn.dates().first_day == date(2026, 9, 1)
    assert autumn.dates(cast.school_a).first_day == date(2026, 9, 3)
    assert autumn.dates(cast.school_b).first_day == date(2026, 9, 1)
    assert autumn.previous.dates() is None


@pytest.mark.django_db
def test_one_current_term_in_term_between_terms_and_without_dates(cast):
    assert current_term(date(2026, 8, 10)).key == "2025-26-autumn"  # no dates entered
    for name, first, last in (
        ("autumn", date(2025, 9, 1), date(2025, 12, 19)),
        ("spring", date(2026, 1, 5), date(2026, 3, 27)),
        ("summer", date(2026, 4, 13), date(2026, 7, 22)),
    ):
        Term.objects.create(academic_year="2025-26", term=name, first_day=first, last_day=last)
    assert current_term(date(2026, 2, 2)).key == "2025-26-spring"
    assert current_term(date(2026, 4, 1)).key == "2025-26-spring"  # Easter holidays
    assert current_term(date(2026, 8, 10)).key == "2025-26-summer"  # summer holidays
    assert current_term(date(2026, 9, 7)).key == "2026-27-autumn"  # no dates for 2026-27 yet


def _page_errors(client, **values):
    form = {
        "academic_year": "2027-28",
        "term": "autumn",
        "school": "",
        "first_day": "2027-09-01",
        "last_day": "2027-12-17",
        "half_term_first_day": "",
        "half_term_last_day": "",
        **values,
    }
    response = client.post(reverse("workload:term_new"), form)
    return response.context["form"].errors if response.status_code == 200 else {}


@pytest.mark.django_db
def test_a_one_day_term_is_accepted_by_the_page_the_import_and_the_database(cast, client_for):
    client = client_for(cast.hr)
    assert _page_errors(client, first_day="2027-09-01", last_day="2027-09-01") == {}
    term_import(data=HEADER + "2028-29,autumn,2028-09-01,2028-09-01,,,\n")
    Term.objects.create(
        academic_year="2029-30",
        term="autumn",
        first_day=date(2029, 9, 3),
        last_day=date(2029, 9, 3),
    )
    assert Term.objects.filter(first_day=F("last_day")).count() == 3


@pytest.mark.django_db
def test_a_term_outside_its_year_is_refused_by_each_with_one_message(cast, client_for):
    message = "The term is not inside the academic year 2027-28."
    errors = _page_errors(client_for(cast.hr), first_day="2029-09-03", last_day="2029-12-14")
    assert errors["first_day"] == [message]
    with pytest.raises(Exception, match="column first_day: " + message):
        term_import(data=HEADER + "2027-28,autumn,2029-09-03,2029-12-14,,,\n")
    outside = Term(
        academic_year="2027-28",
        term="autumn",
        first_day=date(2029, 9, 3),
        last_day=date(2029, 12, 14),
    )
    with pytest.raises(ValidationError) as error:
        outside.full_clean()
    assert error.value.message_dict == {"first_day": [message]}
    with pytest.raises(IntegrityError, match="term_inside_academic_year"), transaction.atomic():
        outside.save()
    assert not Term.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_a_term_that_ends_before_it_starts(cast):
    backwards = Term(
        academic_year="2027-28",
        term="autumn",
        first_day=date(2027, 9, 3),
        last_day=date(2027, 9, 2),
    )
    with pytest.raises(ValidationError) as error:
        backwards.full_clean()
    assert error.value.message_dict == {"last_day": ["The last day is before the first day."]}
    with pytest.raises(IntegrityError, match="term_ends_after_start"), transaction.atomic():
        backwards.save()
