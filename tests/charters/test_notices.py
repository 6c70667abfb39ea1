"""Staff are told in the portal about new versions they have not read."""

import pytest

from charters import selectors
from tests.charters.helpers import next_version, published_charter


@pytest.mark.django_db
def test_staff_see_a_notice_until_they_read_the_new_version(cast, client_for):
    charter = published_charter(cast.hr)
    client = client_for(cast.staff_a)
    home = client.get("/").content.decode()
    assert "you have not read it yet" in home
    client.get(f"/charters/{charter.pk}/")
    assert "you have not read it yet" not in client.get("/").content.decode()

    next_version(charter, cast.hr, summary="Clearer.")
    home = client.get("/").content.decode()
    assert "A new version of Trust wellbeing charter (version 2) has been published" in home
    assert f"/charters/{charter.pk}/compare/?from=1&amp;to=2" in home
    page = client.get(f"/charters/{charter.pk}/").content.decode()
    assert "since you last read version 1" in page
    assert not selectors.notices_for(user=cast.staff_a)


@pytest.mark.django_db
def test_school_charters_only_notify_their_own_staff(cast):
    published_charter(cast.hr, title="Alder charter", school=cast.school_a)
    assert [n.charter.title for n in selectors.notices_for(user=cast.staff_a)] == ["Alder charter"]
    assert selectors.notices_for(user=cast.staff_b) == []
    assert selectors.notices_for(user=cast.governor_a) == []  # not staff
