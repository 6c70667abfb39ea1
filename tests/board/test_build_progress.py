"""Building a report shows its stages and ends with a link to it; a failed build says why."""

import pytest
from django.urls import reverse

from dashboards import services
from dashboards.models import ReportBuild
from tests.absence.world import SUMMER
from tests.board.world import staffed

pytestmark = pytest.mark.django_db


def test_a_build_goes_through_its_stages_and_the_page_links_to_the_report(
    cast, client_for, monkeypatch
):
    staffed(cast)
    seen = []
    real = services.report_contents

    def watched(**kwargs):
        seen.append(ReportBuild.objects.get().stage)
        return real(**kwargs)

    monkeypatch.setattr(services, "report_contents", watched)
    client = client_for(cast.hr)
    response = client.post(reverse("dashboards:report_build"), {"term": SUMMER})
    build = ReportBuild.objects.get()
    assert response.url == reverse("dashboards:build_status", args=[build.pk])
    page = client.get(response.url).content.decode()
    assert "Building the Summer term 2026 report" in page
    assert "In progress:</span> Waiting for the background worker" in page

    services.report_build(build_id=build.pk)
    assert seen == ["figures"]
    build.refresh_from_db()
    assert build.stage == "saving" and build.status == ReportBuild.Status.DONE
    page = client.get(response.url).content.decode()
    assert page.count("Done:</span>") == 4
    assert f'href="{reverse("dashboards:report", args=[build.report_id])}"' in page
    progress = client.get(reverse("dashboards:build_status_json", args=[build.pk])).json()
    assert progress["finished"] is True and progress["percent"] == 100


def test_a_failed_build_says_why_and_offers_a_retry(cast, client_for, monkeypatch):
    staffed(cast)

    def broken(**kwargs):
        raise RuntimeError("no term dates for the Bridge Centre")

    monkeypatch.setattr(services, "report_contents", broken)
    build = ReportBuild.objects.create(term_key=SUMMER)
    with pytest.raises(RuntimeError):
        services.report_build(build_id=build.pk, final_attempt=True)
    page = client_for(cast.hr).get(reverse("dashboards:build_status", args=[build.pk]))
    text = page.content.decode()
    assert "The build failed:</strong> no term dates for the Bridge Centre (RuntimeError)" in text
    assert "Failed here:</span> Working out the figures" in text
    assert "Try the build again" in text
    assert (
        client_for(cast.governor_a)
        .get(reverse("dashboards:build_status", args=[build.pk]))
        .status_code
        == 403
    )
