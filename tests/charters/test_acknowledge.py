"""Reading and acknowledging: staff acknowledge a version; HR sees counts by school."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from charters import selectors, services
from charters.models import Acknowledgement
from tests.charters.helpers import next_version, published_charter
from tests.factories import StaffMemberFactory


@pytest.fixture
def charter(cast):
    return published_charter(cast.hr)


@pytest.mark.django_db
def test_staff_acknowledge_a_version_once(cast, charter, client_for):
    client = client_for(cast.staff_a)
    url = f"/charters/{charter.pk}/v1/acknowledge/"
    response = client.post(url, follow=True)
    assert "you have acknowledged version 1" in response.content.decode()
    client.post(url)
    ack = Acknowledgement.objects.get()
    assert (ack.user, ack.school, ack.version.number) == (cast.staff_a, cast.school_a, 1)
    page = client.get(f"/charters/{charter.pk}/").content.decode()
    assert "You acknowledged version 1" in page


@pytest.mark.django_db
def test_people_without_a_staff_role_cannot_acknowledge(cast, charter, client_for):
    response = client_for(cast.governor_a).post(f"/charters/{charter.pk}/v1/acknowledge/")
    assert response.status_code == 403
    assert not Acknowledgement.objects.exists()


@pytest.mark.django_db
def test_acknowledging_needs_a_post(cast, charter, client_for):
    assert (
        client_for(cast.staff_a).get(f"/charters/{charter.pk}/v1/acknowledge/").status_code == 405
    )


@pytest.mark.django_db
def test_hr_sees_acknowledgement_counts_by_school(cast, charter, client_for):
    for user in (cast.staff_a, cast.support_a, cast.staff_b):
        services.acknowledgement_record(version=charter.current_version, user=user)
    rates = selectors.acknowledgement_rates()[0]
    rows = {r.name: (r.staff, r.acknowledged) for r in rates["rows"]}
    assert rows["Alder Primary School"] == (5, 2)  # staff, support, head, champion, first aider
    assert rows["Birch Academy"] == (2, 1)
    assert rows["Central team"] == (1, 0)
    assert (rates["total"].staff, rates["total"].acknowledged) == (8, 3)
    body = client_for(cast.hr).get("/charters/acknowledgements/").content.decode()
    assert "Alder Primary School" in body and "40.0%" in body


@pytest.mark.django_db
def test_a_new_version_needs_a_new_acknowledgement(cast, charter):
    services.acknowledgement_record(version=charter.current_version, user=cast.staff_a)
    next_version(charter, cast.hr)
    rates = selectors.acknowledgement_rates()[0]
    assert rates["total"].acknowledged == 0


@pytest.mark.django_db
def test_the_rates_page_runs_a_constant_number_of_queries(cast, charter, client_for):
    client = client_for(cast.hr)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get("/charters/acknowledgements/")
        return len(ctx)

    before = count()
    published_charter(cast.hr, title="Second", school=cast.school_b)
    for _ in range(5):
        staff = StaffMemberFactory(school=cast.school_b)
        services.acknowledgement_record(version=charter.current_version, user=staff.user)
    assert (before, count()) == (7, 7)
