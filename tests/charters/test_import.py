"""import_charter: a Markdown or Word charter becomes a numbered draft that publishes and
compares like any other; bad input is refused and nothing is written."""

from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from charters import selectors, services
from charters.compare import versions_compare
from charters.models import Charter, CharterVersion, Pledge, Section
from common.markup import plain_text
from tests.charters.word import markdown_to_docx

SAMPLE = Path(__file__).resolve().parents[2] / "charters" / "samples" / "wellbeing-charter.md"
UK = ZoneInfo("Europe/London")


def _import(path, *args) -> tuple[CharterVersion, str]:
    out, err = StringIO(), StringIO()
    call_command("import_charter", str(path), *args, stdout=out, stderr=err)
    return CharterVersion.objects.get(), out.getvalue()


def _outline(version) -> list:
    """Section titles and the words of each pledge, numbered as readers see them."""
    version = (
        selectors.version_loaded(charter=version.charter, number=version.number)
        if version.is_published
        else selectors.draft_loaded(charter=version.charter)
    )
    return [
        (
            section.number,
            section.title,
            [
                (p.number, plain_text(p.commitment), plain_text(p.detail))
                for p in section.pledges.all()
            ],
        )
        for section in version.sections.all()
    ]


@pytest.mark.django_db
def test_a_markdown_charter_imports_into_a_numbered_draft(cast):
    draft, output = _import(SAMPLE, "--kind", "wellbeing")
    assert output == (
        f"Draft {draft.pk} of charter {draft.charter_id} “Staff Wellbeing Charter”: "
        "6 sections, 32 pledges.\n"
    )
    assert draft.status == CharterVersion.Status.DRAFT and draft.number is None
    assert draft.charter.school is None and draft.charter.kind == "wellbeing"
    assert Section.objects.filter(version=draft).count() == 6
    assert Pledge.objects.filter(section__version=draft).count() == 32
    outline = _outline(draft)
    assert [number for number, _title, _pledges in outline] == [1, 2, 3, 4, 5, 6]
    assert [p[0] for p in outline[2][2]] == ["3.1", "3.2", "3.3", "3.4", "3.5"]
    assert outline[2][1] == "We will drive down unnecessary workload"
    assert (
        outline[0][2][0][1] == "We will have a trained mental health first aider in every school."
    )


@pytest.mark.django_db
def test_the_imported_draft_publishes_and_compares_like_any_other(cast):
    draft, _ = _import(SAMPLE)
    charter = draft.charter
    services.charter_publish(
        version=draft,
        by=cast.hr,
        change_summary="",
        notify=False,
        at=datetime(2026, 9, 1, 9, tzinfo=UK),
    )
    charter.refresh_from_db()
    second = services.draft_start(charter=charter)
    pledge = Pledge.objects.get(section__version=second, section__position=2, position=1)
    services.pledge_update(pledge=pledge, commitment="We will run a staff survey **three** times.")
    services.pledge_delete(
        pledge=Pledge.objects.get(section__version=second, section__position=6, position=6)
    )
    services.charter_publish(
        version=second, by=cast.hr, change_summary="Three surveys.", notify=False
    )
    charter.refresh_from_db()
    old = selectors.version_loaded(charter=charter, number=1)
    new = selectors.version_loaded(charter=charter, number=2)
    comparison = versions_compare(old, new)
    assert (comparison.added, comparison.removed, comparison.changed) == (0, 1, 1)
    changed = [c for s in comparison.sections for c in s.pledges if c.kind == "changed"]
    assert changed[0].pledge.number == "2.1"
    removed = [c for s in comparison.sections for c in s.pledges if c.kind == "removed"]
    assert removed[0].pledge.number == "6.6"
    body = cast_client(cast).get(f"/charters/{charter.pk}/compare/?from=1&to=2").content.decode()
    assert (
        '<span class="pledge-number">2.1</span> We will run a staff survey '
        "<strong>three</strong> times." in body
    )


def cast_client(cast):
    from django.test import Client

    client = Client()
    client.force_login(cast.staff_a)
    return client


@pytest.mark.django_db
def test_the_same_charter_from_word_imports_the_same_sections_and_pledges(cast, tmp_path):
    word = tmp_path / "charter.docx"
    word.write_bytes(markdown_to_docx(SAMPLE.read_text()))
    from_word, output = _import(word, "--school", "100001", "--kind", "workload")
    assert output.endswith("“Staff Wellbeing Charter”: 6 sections, 32 pledges.\n")
    assert from_word.charter.school == cast.school_a and from_word.charter.kind == "workload"
    word_outline = _outline(from_word)
    Charter.objects.all().delete()
    from_markdown, _ = _import(SAMPLE)
    assert word_outline == _outline(from_markdown)
    emphasised = Pledge.objects.get(section__version=from_markdown, section__position=3, position=2)
    assert (
        emphasised.commitment == "We will collect assessment data **at most three times a year**."
    )


@pytest.mark.django_db
def test_the_title_option_wins(cast):
    draft, output = _import(SAMPLE, "--title", "Our promise to staff")
    assert draft.title == draft.charter.title == "Our promise to staff"
    assert "“Our promise to staff”" in output


@pytest.mark.django_db
def test_a_document_without_sections_is_refused_and_nothing_is_written(cast, tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Ideas\n\nSome thoughts, no sections.\n")
    with pytest.raises(CommandError, match="Nothing was imported:\n- No sections were found"):
        call_command("import_charter", str(path))
    assert not Charter.objects.exists()


@pytest.mark.django_db
def test_an_unknown_school_is_refused(cast):
    with pytest.raises(CommandError, match="No school has the URN 999999"):
        call_command("import_charter", str(SAMPLE), "--school", "999999")
    assert not Charter.objects.exists()


@pytest.mark.django_db
def test_a_missing_file_is_refused(cast, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_charter", str(tmp_path / "nope.md"))


@pytest.mark.django_db
def test_notes_go_to_standard_error(cast, tmp_path):
    path = tmp_path / "c.md"
    path.write_text("# C\n\n## Voice\n\n- We will listen.\n\nAfterword.\n")
    err = StringIO()
    call_command("import_charter", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue() == (
        "Note: line 7: text after the pledges of “Voice” was added to the detail of pledge 1.1.\n"
    )
