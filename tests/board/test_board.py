"""Governors' and trustees' board: tiles, thresholds, headline and the schools comparison."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dashboards import board, indicators
from dashboards.models import TermlyReport, TileThreshold
from tests.absence.world import SUMMER, person
from tests.board.world import built

TRUST_PAGE_QUERIES = 12

pytestmark = pytest.mark.django_db


def _tile(made, key):
    return next(t for t in made["tiles"] if t["indicator"].key == key)


def test_status_uses_the_direction_of_each_figure():
    rate = indicators.BY_KEY["absence_rate_pct"]
    assert indicators.status_of(rate, 2.99, Decimal(3), Decimal(4)).key == "green"
    assert indicators.status_of(rate, 3.0, Decimal(3), Decimal(4)).key == "amber"
    assert indicators.status_of(rate, 4.0, Decimal(3), Decimal(4)).key == "red"
    responses = indicators.BY_KEY["response_rate_pct"]
    assert indicators.status_of(responses, 60, Decimal(60), Decimal(50)).key == "green"
    assert indicators.status_of(responses, 59.9, Decimal(60), Decimal(50)).key == "amber"
    assert indicators.status_of(responses, 49.9, Decimal(60), Decimal(50)).key == "red"
    assert (
        indicators.status_of(rate, indicators.SUPPRESSED, Decimal(3), Decimal(4)).text
        == "No status"
    )


def test_a_schools_tiles_come_from_the_built_report_with_changes(cast):
    built(cast)
    report = TermlyReport.objects.get(term_key=SUMMER)
    made = board.board(report, name=cast.school_a.name, urn=cast.school_a.urn)
    school = next(s for s in report.figures["schools"] if s["urn"] == cast.school_a.urn)
    rate = _tile(made, "absence_rate_pct")
    assert rate["value"] == school["absence"]["absence_rate_pct"]
    assert rate["shown"] == f"{school['absence']['absence_rate_pct']:.2f}%"
    before = report.details["schools"][cast.school_a.urn]["absence_previous_term"]
    expected = round(school["absence"]["absence_rate_pct"] - before["absence_rate_pct"], 2)
    assert rate["previous"]["text"].endswith(f"{abs(expected):.2f} points")
    assert rate["previous"]["words"] == ("better" if expected < 0 else "worse")
    assert rate["year_ago"] is None  # no report or dates for summer 2025
    assert rate["trust"] is not None  # the trust figure beside the school's
    per_fte = _tile(made, "days_lost_per_fte")
    assert per_fte["reference"].source.startswith("School Workforce Census")
    assert per_fte["reference"].year == "2024/25"
    assert made["headline"][0].startswith(f"In Summer term 2026, {cast.school_a.name} lost")


def test_a_small_schools_figures_are_hidden_not_rated(cast):
    built(cast)
    report = TermlyReport.objects.get(term_key=SUMMER)
    made = board.board(report, name=cast.school_b.name, urn=cast.school_b.urn)
    rate = _tile(made, "absence_rate_pct")
    assert rate["shown"] == "Hidden (small group)"
    assert rate["status"].key == "none"
    assert "hidden" in " ".join(made["headline"])


def test_hr_thresholds_change_the_status(cast):
    built(cast)
    report = TermlyReport.objects.get(term_key=SUMMER)
    made = board.board(report, name="Trust")
    assert _tile(made, "actions_overdue")["status"].key == "green"  # none overdue
    TileThreshold.objects.create(indicator="actions_overdue", amber=0, red=0)
    made = board.board(report, name="Trust")
    assert _tile(made, "actions_overdue")["status"].key == "red"
    assert _tile(made, "actions_overdue")["thresholds"] == "Amber from 0, red from 0"


def test_an_unfinished_term_is_marked_and_not_compared(cast, client_for):
    from datetime import date

    from django.core.management import call_command

    from school_calendar.models import Term

    built(cast)
    Term.objects.create(
        academic_year="2026-27",
        term="autumn",
        first_day=date(2026, 9, 1),
        last_day=date(2026, 12, 18),
    )
    call_command("build_termly_report", "--term", "2026-27-autumn")  # the suite's day: 2 November
    report = TermlyReport.objects.get(term_key="2026-27-autumn")
    made = board.board(report, name="Trust")
    assert made["progress"]["finished"] is False
    assert all(t["previous"] is None and t["year_ago"] is None for t in made["tiles"])
    assert "still in progress" in made["headline"][0]
    page = client_for(cast.trustee).get(reverse("dashboards:trust")).content.decode()
    assert "term in progress" in page
    assert "2026-27-autumn" not in page


def test_the_comparison_sorts_and_keeps_missing_figures_last(cast):
    built(cast)
    report = TermlyReport.objects.get(term_key=SUMMER)
    limits = indicators.thresholds()
    by_name = board.comparison(report, limits)
    assert [r["name"] for r in by_name["rows"]] == [cast.school_a.name, cast.school_b.name]
    by_rate = board.comparison(report, limits, sort="absence_rate_pct", descending=True)
    assert by_rate["rows"][-1]["name"] == cast.school_b.name  # hidden: last either way
    hidden = by_rate["rows"][-1]["cells"][0]
    assert hidden["suppressed"] and hidden["shown"] == "Hidden (small group)"
    reversed_names = board.comparison(report, limits, sort="name", descending=True)
    assert reversed_names["rows"][0]["name"] == cast.school_b.name
    assert board.comparison(report, limits, sort="nonsense")["sort"] == "name"


def test_trustee_page_shows_summary_tiles_and_comparison_in_constant_queries(
    cast, client_for, django_assert_num_queries
):
    built(cast)
    client = client_for(cast.trustee)
    url = reverse("dashboards:trust") + "?sort=absence_rate_pct&dir=desc"
    client.get(url)
    with django_assert_num_queries(TRUST_PAGE_QUERIES):
        response = client.get(url)
    page = response.content.decode()
    assert "Summary" in page and "Schools compared" in page
    assert reverse("dashboards:school", args=[cast.school_a.urn]) in page
    assert 'aria-sort="descending"' in page
    assert SUMMER not in page and "Summer term 2026" in page
    for _ in range(5):  # more staff: the same number of queries
        person(cast.school_b)
    with django_assert_num_queries(TRUST_PAGE_QUERIES):
        client.get(url)


def test_governor_sees_only_their_school_and_no_comparison(cast, client_for):
    built(cast)
    client = client_for(cast.governor_a)
    page = client.get(reverse("dashboards:school", args=[cast.school_a.urn])).content.decode()
    assert "Status" in page and "Schools compared" not in page
    assert cast.school_b.name not in page
    assert client.get(reverse("dashboards:trust")).status_code == 403


def test_hr_sets_thresholds_and_bad_ones_are_refused(cast, client_for):
    url = reverse("dashboards:thresholds")
    assert client_for(cast.governor_a).get(url).status_code == 403
    client = client_for(cast.hr)
    page = client.get(url).content.decode()
    assert "Amber from 3%, red from 4%" in page  # the shipped default, explained
    data = {}
    for indicator in indicators.INDICATORS:
        data[f"{indicator.key}-amber"] = str(indicator.amber)
        data[f"{indicator.key}-red"] = str(indicator.red)
    data["absence_rate_pct-red"] = "2.5"  # below amber where lower is better
    response = client.post(url, data)
    assert response.status_code == 200
    assert "red must be at or above amber" in response.content.decode()
    assert not TileThreshold.objects.exists()  # nothing half-saved
    data["absence_rate_pct-amber"] = "2.0"
    response = client.post(url, data, follow=True)
    assert "1 threshold(s) changed" in response.content.decode()
    saved = TileThreshold.objects.get()
    assert (saved.indicator, saved.amber, saved.red, saved.updated_by) == (
        "absence_rate_pct",
        Decimal("2.00"),
        Decimal("2.50"),
        cast.hr,
    )
