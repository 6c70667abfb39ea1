import pytest
from django.urls import reverse

from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
URL = reverse("people:staff_list")


def test_the_staff_list_uses_the_same_number_of_queries_for_5_or_60_people(cast, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.hr)
    counts = []
    for extra in (0, 55):
        StaffMemberFactory.create_batch(extra, school=cast.school_b)
        client.get(URL)  # warm the session and trust lookups the same way each time
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))

    assert counts == [6, 6], counts


def test_the_staff_list_searches_by_name_and_filters_by_school(cast, client_for):
    client = client_for(cast.hr)

    by_name = client.get(URL, {"q": "staff.b@"}).content.decode()
    central = client.get(URL, {"school": "central"}).content.decode()

    assert "staff.b@example.org" in by_name and "staff.a@example.org" not in by_name
    assert "hr@example.org" in central and "staff.a@example.org" not in central
