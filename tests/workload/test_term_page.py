"""HR adds, changes and deletes one term at a time, with the same checks as the CSV import."""

from datetime import date

from django.urls import reverse

from school_calendar.models import Term
from tests.workload.conftest import TERMS_2026_27, make_terms


def _form(**extra):
    form = {
        "academic_year": "2027-28",
        "term": "autumn",
        "school": "",
        "first_day": "2027-09-01",
        "last_day": "2027-12-17",
        "half_term_first_day": "2027-10-25",
        "half_term_last_day": "2027-10-29",
    }
    form.update(extra)
    return form


def _errors(response):
    return response.context["form"].errors


def test_hr_adds_a_trust_term_and_a_school_override(cast, client_for):
    client = client_for(cast.hr)
    assert client.post(reverse("workload:term_new"), _form()).status_code == 302
    response = client.post(
        reverse("workload:term_new"), _form(school=cast.school_a.pk, first_day="2027-09-02")
    )
    assert response.status_code == 302
    assert Term.objects.get(school=cast.school_a).first_day == date(2027, 9, 2)
    assert Term.objects.filter(school__isnull=True).count() == 1


def test_bad_dates_are_refused_with_clear_errors_and_nothing_saved(cast, client_for):
    client = client_for(cast.hr)
    url = reverse("workload:term_new")
    errors = _errors(client.post(url, _form(last_day="2027-08-31")))
    assert errors["last_day"] == ["The last day is before the first day."]
    errors = _errors(client.post(url, _form(half_term_first_day="2027-08-30")))
    assert "inside the term" in errors["half_term_first_day"][0]
    errors = _errors(client.post(url, _form(half_term_last_day="")))
    assert errors["half_term_last_day"] == ["Give both half-term days, or neither."]
    errors = _errors(client.post(url, _form(first_day="2029-09-01", last_day="2029-12-17")))
    assert "not inside the academic year" in errors["first_day"][0]
    assert not Term.objects.exists()


def test_duplicates_and_overlaps_in_one_calendar_are_refused(cast, client_for):
    make_terms(TERMS_2026_27)
    client = client_for(cast.hr)
    url = reverse("workload:term_new")
    same_autumn = _form(
        academic_year="2026-27",
        first_day="2026-09-01",
        last_day="2026-12-18",
        half_term_first_day="2026-10-26",
        half_term_last_day="2026-10-30",
    )
    errors = _errors(client.post(url, same_autumn))
    assert "already has dates for this term" in errors["term"][0]
    Term.objects.filter(academic_year="2026-27", term="spring", school=None).delete()
    errors = _errors(
        client.post(
            url,
            _form(
                academic_year="2026-27",
                term="spring",
                first_day="2026-12-14",
                last_day="2027-03-25",
                half_term_first_day="",
                half_term_last_day="",
            ),
        )
    )
    assert "overlap" in errors["first_day"][0]
    response = client.post(
        url,
        _form(
            academic_year="2026-27",
            term="spring",
            first_day="2027-01-04",
            last_day="2027-03-25",
            half_term_first_day="",
            half_term_last_day="",
        ),
    )
    assert response.status_code == 302
    # a school's own row may overlap the trust's: it replaces it
    response = client.post(
        url,
        {**same_autumn, "school": cast.school_a.pk, "first_day": "2026-09-02"},
    )
    assert response.status_code == 302


def test_hr_changes_and_deletes_a_term(cast, client_for):
    autumn, spring, _ = make_terms(TERMS_2026_27)
    client = client_for(cast.hr)
    url = reverse("workload:term_edit", args=[autumn.pk])
    page = client.get(url).content.decode()
    assert 'value="2026-09-01"' in page
    response = client.post(
        url,
        _form(
            academic_year="2026-27",
            first_day="2026-09-02",
            last_day="2026-12-18",
            half_term_first_day="2026-10-26",
            half_term_last_day="2026-10-30",
        ),
    )
    assert response.status_code == 302
    autumn.refresh_from_db()
    assert autumn.first_day == date(2026, 9, 2)
    errors = _errors(
        client.post(
            reverse("workload:term_edit", args=[spring.pk]),
            _form(
                academic_year="2026-27",
                term="spring",
                first_day="2026-12-01",
                last_day="2027-03-25",
                half_term_first_day="",
                half_term_last_day="",
            ),
        )
    )
    assert "overlap" in errors["first_day"][0]
    delete = reverse("workload:term_delete", args=[autumn.pk])
    assert client.get(delete).status_code == 405
    assert client.post(delete).status_code == 302
    assert client_for(cast.head_a).post(delete).status_code == 403
    assert not Term.objects.filter(pk=autumn.pk).exists()
