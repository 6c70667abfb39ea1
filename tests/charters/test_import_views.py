"""HR's import page: upload, preview what was found, then create the draft; only HR may."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from charters.models import Charter, CharterVersion, Pledge
from tests.charters.word import markdown_to_docx

SAMPLE = Path(__file__).resolve().parents[2] / "charters" / "samples" / "wellbeing-charter.md"
URL = "/charters/manage/import/"


def _upload(client, name, content, **fields):
    data = {"document": SimpleUploadedFile(name, content), "kind": "wellbeing", **fields}
    return client.post(URL, data)


@pytest.mark.django_db
def test_hr_sees_a_preview_and_nothing_is_saved_yet(cast, client_for):
    response = _upload(client_for(cast.hr), "charter.md", SAMPLE.read_bytes())
    assert response.status_code == 200
    document = response.context["document"]
    assert (len(document.sections), document.pledge_count) == (6, 32)
    body = response.content.decode()
    assert '<dt class="col-sm-3">Pledges</dt><dd class="col-sm-9">32</dd>' in body
    assert (
        '<th scope="row" class="fw-normal">3.2</th><td>We will collect assessment data '
        "<strong>at most three" in body
    )
    assert "Create the draft" in body
    assert not Charter.objects.exists()


@pytest.mark.django_db
def test_confirming_the_preview_creates_the_draft(cast, client_for):
    client = client_for(cast.hr)
    preview = _upload(client, "charter.md", SAMPLE.read_bytes(), school=cast.school_b.pk)
    confirm = preview.context["confirm"]
    data = {name: confirm[name].value() for name in confirm.fields}
    data["school"] = cast.school_b.pk
    response = client.post(URL, data)
    draft = CharterVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/charters/{draft.charter_id}/draft/"
    assert draft.status == "draft" and draft.charter.school == cast.school_b
    assert Pledge.objects.filter(section__version=draft).count() == 32
    page = client.get(response["Location"]).content.decode()
    assert "6 sections, 32 pledges" in page
    assert '<span class="pledge-number">6.6</span>' in page


@pytest.mark.django_db
def test_a_word_document_is_previewed_the_same_way(cast, client_for):
    content = markdown_to_docx(SAMPLE.read_text())
    response = _upload(client_for(cast.hr), "Charter.DOCX", content, title="From Word")
    document = response.context["document"]
    assert document.title == "From Word"
    assert (len(document.sections), document.pledge_count) == (6, 32)


@pytest.mark.django_db
def test_the_preview_lists_what_was_not_understood(cast, client_for):
    text = b"# C\n\n- stray list\n\n## Voice\n\n- We will listen.\n"
    body = _upload(client_for(cast.hr), "c.md", text).content.decode()
    assert "Check these" in body
    assert "line 3: a list before the first section (level-2 heading) was kept" in body


@pytest.mark.django_db
def test_a_document_with_problems_cannot_be_created(cast, client_for):
    client = client_for(cast.hr)
    response = _upload(client, "c.md", b"# Ideas\n\nNo sections at all.\n")
    body = response.content.decode()
    assert "The document cannot be imported yet" in body and "No sections were found" in body
    assert "Create the draft" not in body
    forged = client.post(URL, {"markdown": "# Ideas\n", "title": "", "kind": "wellbeing"})
    assert forged.status_code == 400
    assert not Charter.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_a_charter_document_is_explained(cast, client_for):
    response = _upload(client_for(cast.hr), "charter.pdf", b"%PDF-1.7")
    assert response.status_code == 400
    assert "use a Markdown file (.md) or a Word document (.docx)" in response.content.decode()
    assert not Charter.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff_a", "head_a", "governor_a", "trustee"])
def test_only_hr_may_import(cast, client_for, who):
    client = client_for(getattr(cast, who))
    assert client.get(URL).status_code == 403
    assert _upload(client, "charter.md", SAMPLE.read_bytes()).status_code == 403
    forged = {"markdown": SAMPLE.read_text(), "title": "", "kind": "wellbeing"}
    assert client.post(URL, forged).status_code == 403
    assert not Charter.objects.exists()


@pytest.mark.django_db
def test_the_manage_page_links_to_the_import(cast, client_for):
    body = client_for(cast.hr).get("/charters/manage/").content.decode()
    assert f'href="{URL}"' in body
