import re

import pytest

pytestmark = pytest.mark.django_db


def _panel_titles(html: str) -> list[str]:
    return re.findall(r'<h2 id="panel-\d+" class="card-title">([^<]+)</h2>', html)


def test_governors_see_dashboards_and_reports_first(cast, client):
    client.force_login(cast.governor_a)
    titles = _panel_titles(client.get("/").content.decode())
    assert titles[0] == "Dashboards and reports"


def test_staff_see_their_charters_first_and_their_schools_support(cast, client):
    client.force_login(cast.staff_a)
    html = client.get("/").content.decode()
    assert _panel_titles(html)[0] == "Charters"
    assert "your school&#x27;s mental health first aiders" in html


def test_trustees_are_not_told_about_their_own_school(cast, client):
    client.force_login(cast.trustee)
    html = client.get("/").content.decode()
    assert "your school" not in html
