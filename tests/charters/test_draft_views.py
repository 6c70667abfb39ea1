"""HR's draft pages: start, add, edit and remove sections and pledges; others are refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from charters.models import CharterVersion, Pledge, Section
from tests.charters.helpers import first_pledge, published_charter


@pytest.fixture
def charter(cast):
    return published_charter(cast.hr)


@pytest.mark.django_db
def test_hr_creates_a_charter_and_writes_its_first_draft(cast, client_for):
    client = client_for(cast.hr)
    response = client.post(
        "/charters/manage/",
        {"title": "Alder workload charter", "kind": "workload", "school": cast.school_a.pk},
    )
    draft = CharterVersion.objects.get(charter__title="Alder workload charter")
    assert response["Location"] == f"/charters/{draft.charter_id}/draft/"
    client.post(f"/charters/{draft.charter_id}/draft/sections/add/", {"title": "Meetings"})
    section = Section.objects.get(version=draft)
    assert section.position == 1
    client.post(
        f"/charters/sections/{section.pk}/pledges/add/",
        {"commitment": "Meetings end by 17:00.", "owner_role": "head", "review_on": "2027-07-01"},
    )
    assert Pledge.objects.get(section=section).commitment == "Meetings end by 17:00."


@pytest.mark.django_db
def test_bad_pledge_input_is_explained_and_nothing_is_saved(cast, charter, client_for):
    client = client_for(cast.hr)
    client.post(f"/charters/{charter.pk}/draft/start/")
    section = Section.objects.get(version__status="draft")
    response = client.post(
        f"/charters/sections/{section.pk}/pledges/add/",
        {"commitment": "", "owner_role": "nobody", "review_on": "soon"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in body and "Enter a valid date." in body
    assert Pledge.objects.filter(section=section).count() == 1


@pytest.mark.django_db
def test_hr_starts_a_draft_and_removes_a_pledge_and_a_section(cast, charter, client_for):
    client = client_for(cast.hr)
    client.post(f"/charters/{charter.pk}/draft/start/")
    draft = CharterVersion.objects.get(status="draft")
    pledge = first_pledge(draft)
    client.post(f"/charters/pledges/{pledge.pk}/delete/")
    assert not Pledge.objects.filter(pk=pledge.pk).exists()
    client.post(f"/charters/sections/{pledge.section_id}/delete/")
    assert not draft.sections.exists()
    assert first_pledge(charter.current_version).commitment == "We will listen."


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff_a", "head_a", "governor_a", "trustee"])
def test_only_hr_may_change_drafts(cast, charter, client_for, role):
    client = client_for(cast.user(role))
    assert client.post(f"/charters/{charter.pk}/draft/start/").status_code == 403
    assert not CharterVersion.objects.filter(status="draft").exists()
    pledge = first_pledge(charter.current_version)
    assert client.post(f"/charters/pledges/{pledge.pk}/delete/").status_code == 403
    assert client.post(f"/charters/sections/{pledge.section_id}/delete/").status_code == 403


@pytest.mark.django_db
def test_the_charter_page_runs_a_constant_number_of_queries(cast, client_for):
    client = client_for(cast.staff_a)
    small = published_charter(cast.hr, title="Small")
    large = published_charter(
        cast.hr,
        title="Large",
        pledges=[(f"S{i}", [{"commitment": f"P{i}.{j}"} for j in range(5)]) for i in range(5)],
    )
    counts = []
    for charter in (small, large):
        client.get(f"/charters/{charter.pk}/")  # the first visit records the read
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/charters/{charter.pk}/").status_code == 200
        counts.append(len(ctx))
    assert counts == [11, 11], counts
