"""Comparing versions: pledges added, removed and changed, with wording changes marked."""

import pytest

from charters import selectors, services
from charters.compare import versions_compare, wording_diff
from charters.models import Pledge
from tests.charters.helpers import first_pledge, next_version, published_charter


def test_wording_changes_are_marked_with_labelled_ins_and_del():
    html = wording_diff("We will hold two surveys a year.", "We will hold three surveys a year.")
    assert (
        '<del class="charter-del"><span class="visually-hidden">removed: </span>two</del>' in html
    )
    assert (
        '<ins class="charter-ins"><span class="visually-hidden">added: </span>three</ins>' in html
    )
    assert html.startswith("We will hold ")


def test_wording_diff_escapes_text():
    html = wording_diff("<b>old</b>", "<script>new</script>")
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.fixture
def two_versions(cast):
    charter = published_charter(
        cast.hr,
        pledges=[
            ("Voice", [{"commitment": "Two surveys a year."}, {"commitment": "Act on results."}]),
            ("Workload", [{"commitment": "Meetings end on time."}]),
        ],
    )

    def change(draft):
        pledges = {p.commitment: p for p in Pledge.objects.filter(section__version=draft)}
        services.pledge_update(
            pledge=pledges["Two surveys a year."], commitment="Three surveys a year."
        )
        services.pledge_delete(pledge=pledges["Act on results."])
        workload = draft.sections.get(title="Workload")
        services.pledge_add(section=workload, commitment="Data at most three times a year.")
        services.section_add(version=draft, title="Leaving well")

    next_version(charter, cast.hr, change=change, summary="More surveys.")
    return charter


@pytest.mark.django_db
def test_the_comparison_counts_added_removed_and_changed_pledges(two_versions):
    old = selectors.version_loaded(charter=two_versions, number=1)
    new = selectors.version_loaded(charter=two_versions, number=2)
    comparison = versions_compare(old, new)
    assert (comparison.added, comparison.removed, comparison.changed) == (1, 1, 1)
    kinds = {s.title: s.kind for s in comparison.sections}
    assert kinds == {"Voice": "unchanged", "Workload": "unchanged", "Leaving well": "added"}


@pytest.mark.django_db
def test_staff_see_a_readable_comparison_between_any_two_versions(cast, client_for, two_versions):
    response = client_for(cast.staff_b).get(f"/charters/{two_versions.pk}/compare/?from=1&to=2")
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 pledge added, 1 removed, 1 changed." in body
    assert "Data at most three times a year." in body and "Act on results." in body
    assert "removed: </span>Two</del>" in body and "added: </span>Three</ins>" in body
    assert "More surveys." in body


@pytest.mark.django_db
def test_comparing_unknown_versions_is_a_clear_error(cast, client_for, two_versions):
    response = client_for(cast.staff_a).get(f"/charters/{two_versions.pk}/compare/?from=1&to=9")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.django_db
def test_the_versions_page_lists_every_version_with_its_summary(cast, client_for, two_versions):
    body = client_for(cast.staff_a).get(f"/charters/{two_versions.pk}/versions/").content.decode()
    assert "Version 1" in body and "Version 2" in body and "More surveys." in body


@pytest.mark.django_db
def test_an_earlier_version_page_points_to_the_current_one(cast, client_for, two_versions):
    body = client_for(cast.staff_a).get(f"/charters/{two_versions.pk}/v1/").content.decode()
    assert "This is an earlier version" in body
    assert first_pledge(two_versions.current_version).commitment not in body


@pytest.mark.django_db
def test_the_comparison_page_runs_a_constant_number_of_queries(
    cast, client_for, django_assert_num_queries
):
    def build(n):
        charter = published_charter(
            cast.hr,
            title=f"Charter {n}",
            pledges=[(f"S{i}", [{"commitment": f"P{i}.{j}"} for j in range(n)]) for i in range(n)],
        )
        next_version(
            charter,
            cast.hr,
            change=lambda d: [
                services.pledge_update(pledge=p, commitment=p.commitment + " more")
                for p in Pledge.objects.filter(section__version=d)[:2]
            ],
        )
        return charter

    small, large = build(2), build(6)
    client = client_for(cast.staff_a)
    client.get("/")  # warm the session
    counts = []
    for charter in (small, large):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/charters/{charter.pk}/compare/?from=1&to=2").status_code == 200
        counts.append(len(ctx))
    assert counts == [11, 11], counts
