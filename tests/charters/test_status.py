"""Pledge status: from a registered measure, from HR's evidence, or "not measured yet"."""

from datetime import date

import pytest

from charters import selectors, services
from charters.measures import MeasureResult, register_measure, unregister_measure
from tests.charters.helpers import published_charter


@pytest.fixture
def test_measure():
    calls = []

    @register_measure("test_charter_measure", "Things counted for the test")
    def compute(*, school, today):
        calls.append(school)
        return MeasureResult(value="3 of 4", status="at_risk" if school else "on_track", detail="d")

    yield calls
    unregister_measure("test_charter_measure")


@pytest.fixture
def charter(cast):
    return published_charter(
        cast.hr,
        pledges=[
            (
                "Voice",
                [
                    {"commitment": "Measured pledge.", "measure_key": "test_charter_measure"},
                    {"commitment": "Future pledge.", "measure_key": "nobody_registered_this"},
                    {"commitment": "Evidence pledge."},
                ],
            )
        ],
    )


@pytest.mark.django_db
def test_pledge_statuses_follow_the_contract(cast, charter, test_measure):
    services.evidence_record(
        charter=charter,
        pledge_key=charter.current_version.sections.get()
        .pledges.get(commitment="Evidence pledge.")
        .key,
        status="off_track",
        note="Two schools behind.",
        evidence_on=date(2026, 11, 1),
        by=cast.hr,
    )
    rows = selectors.pledge_statuses()
    assert rows == [
        {
            "charter": "Trust wellbeing charter",
            "pledge": "1.1 Measured pledge.",
            "status": "on_track",
            "evidence": "Things counted for the test: 3 of 4 (d)",
        },
        {
            "charter": "Trust wellbeing charter",
            "pledge": "1.2 Future pledge.",
            "status": "not_measured",
            "evidence": "nobody_registered_this: not measured yet",
        },
        {
            "charter": "Trust wellbeing charter",
            "pledge": "1.3 Evidence pledge.",
            "status": "off_track",
            "evidence": "Two schools behind.",
        },
    ]


@pytest.mark.django_db
def test_a_school_gets_its_own_measure_and_its_own_charter(cast, charter, test_measure):
    published_charter(cast.hr, title="Alder charter", school=cast.school_a)
    rows = selectors.pledge_statuses(school=cast.school_a)
    assert [r["charter"] for r in rows].count("Alder charter") == 1
    assert rows[0]["status"] == "at_risk"
    assert test_measure == [cast.school_a]
    assert "Alder charter" not in {
        r["charter"] for r in selectors.pledge_statuses(school=cast.school_b)
    }


@pytest.mark.django_db
def test_a_measure_that_fails_shows_not_measured(cast, charter):
    @register_measure("test_charter_measure", "Broken")
    def broken(*, school, today):
        raise RuntimeError("source app is down")

    try:
        assert selectors.pledge_statuses()[0]["status"] == "not_measured"
    finally:
        unregister_measure("test_charter_measure")


@pytest.mark.django_db
def test_the_newest_evidence_gives_the_status(cast, charter):
    key = charter.current_version.sections.get().pledges.get(commitment="Evidence pledge.").key
    for status, day in (("off_track", 1), ("on_track", 20), ("at_risk", 10)):
        services.evidence_record(
            charter=charter,
            pledge_key=key,
            status=status,
            note=status,
            evidence_on=date(2026, 11, day),
            by=cast.hr,
        )
    assert selectors.pledge_statuses()[2]["status"] == "on_track"


@pytest.mark.django_db
def test_governors_see_their_school_and_trustees_choose(cast, charter, client_for):
    body = client_for(cast.governor_a).get("/charters/status/").content.decode()
    assert "Pledge status: Alder Primary School" in body
    assert client_for(cast.governor_a).get("/charters/status/?school=100002").status_code == 403
    body = client_for(cast.trustee).get("/charters/status/").content.decode()
    assert "Pledge status: the trust" in body and "Not measured yet" in body


@pytest.mark.django_db
def test_hr_records_evidence_and_bad_input_is_explained(cast, charter, client_for):
    key = charter.current_version.sections.get().pledges.get(commitment="Evidence pledge.").key
    url = f"/charters/{charter.pk}/pledges/{key}/evidence/"
    client = client_for(cast.hr)
    bad = client.post(url, {"status": "sideways", "note": "", "evidence_on": "31/02/2026"})
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()
    client.post(url, {"status": "at_risk", "note": "Late.", "evidence_on": "2026-11-20"})
    assert selectors.pledge_statuses()[2]["status"] == "at_risk"
    assert "Late." in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_status_page_runs_a_constant_number_of_queries(cast, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.trustee)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get("/charters/status/")
        return len(ctx)

    published_charter(cast.hr, title="One")
    before = count()
    published_charter(
        cast.hr, title="Two", pledges=[(f"S{i}", [{"commitment": f"P{i}"}] * 3) for i in range(4)]
    )
    assert (before, count()) == (9, 9)
