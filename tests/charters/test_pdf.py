"""A charter version as an A4 PDF with the trust's name, the version and its publication date."""

import subprocess

import pytest

from tests.charters.helpers import published_charter


@pytest.fixture
def charter(cast):
    return published_charter(
        cast.hr,
        pledges=[
            ("Voice", [{"commitment": "We will **always** listen.", "detail": "- twice a year"}]),
            ("Workload", [{"commitment": "Meetings end on time.", "owner_role": "everyone"}]),
        ],
    )


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "charter.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.django_db
def test_staff_download_the_version_as_an_a4_pdf(cast, charter, client_for, tmp_path):
    response = client_for(cast.staff_b).get(f"/charters/{charter.pk}/v1/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{charter.slug}-version-1.pdf"'
    )
    path = tmp_path / "charter.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    assert "595.276 x 841.89 pts (A4)" in info.stdout
    text = " ".join(_pdf_text(response.content, tmp_path).split())
    assert "Test Learning Trust" in text
    assert "Version 1, published 1 September 2026" in text
    assert "1.1 We will always listen." in text and "**" not in text
    assert "2.1 Meetings end on time." in text and "Owner: Everyone" in text
    assert "Page 1 of 1" in text


@pytest.mark.django_db
def test_the_charter_and_print_pages_link_to_the_pdf(cast, charter, client_for):
    client = client_for(cast.staff_a)
    link = f'href="/charters/{charter.pk}/v1/pdf/"'
    assert link in client.get(f"/charters/{charter.pk}/").content.decode()
    assert link in client.get(f"/charters/{charter.pk}/v1/print/").content.decode()


@pytest.mark.django_db
def test_an_unpublished_charter_has_no_pdf(cast, client_for):
    from charters import services

    charter = services.charter_create(kind="wellbeing", title="Not yet")
    assert client_for(cast.staff_a).get(f"/charters/{charter.pk}/v1/pdf/").status_code == 404
    assert client_for(cast.hr).get(f"/charters/{charter.pk}/v1/pdf/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get("/charters/1/v1/pdf/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
