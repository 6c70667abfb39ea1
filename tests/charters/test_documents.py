"""Reading a charter document: the structure rules, and what is refused or reported."""

from pathlib import Path

import pytest

from charters.documents import DocumentError, document_read, markdown_read

SAMPLE = Path(__file__).resolve().parents[2] / "charters" / "samples" / "wellbeing-charter.md"


@pytest.fixture(scope="module")
def sample():
    return markdown_read(SAMPLE.read_text())


def test_the_sample_charter_has_six_sections_and_thirty_two_pledges(sample):
    assert sample.ok and sample.notes == []
    assert sample.title == "Staff Wellbeing Charter"
    assert [len(s.pledges) for s in sample.sections] == [6, 5, 5, 5, 5, 6]
    assert sample.pledge_count == 32


def test_typed_numbers_are_dropped_from_section_headings(sample):
    assert [s.title for s in sample.sections][:3] == [
        "We will prioritise staff mental wellbeing",
        "We will give staff a voice",
        "We will drive down unnecessary workload",
    ]


def test_text_before_the_first_section_is_the_introduction_with_its_headings(sample):
    assert sample.introduction.startswith("This charter sets out")
    assert "### A welcome from the CEO" in sample.introduction
    assert "#### What is wellbeing?" in sample.introduction
    assert "[Education Support guide](https://www.educationsupport.org.uk/)" in sample.introduction


def test_a_section_introduction_keeps_its_level_three_heading(sample):
    workload = sample.sections[2]
    assert workload.introduction.startswith("Workload is the biggest reason")
    assert "### Our test for any new task" in workload.introduction


def test_a_bold_lead_is_the_commitment_and_the_rest_its_detail(sample):
    pledge = sample.sections[0].pledges[0]
    assert pledge.commitment == "We will have a trained mental health first aider in every school."
    assert pledge.detail.startswith("Their names and how to reach them")


def test_without_a_bold_lead_the_first_sentence_is_the_commitment(sample):
    pledge = sample.sections[0].pledges[1]
    assert pledge.commitment == (
        "We will give every member of staff access to a free, confidential "
        "*employee assistance programme*, 24 hours a day."
    )
    assert pledge.detail == "It includes counselling and legal and financial advice."


def test_emphasis_inside_a_commitment_is_kept(sample):
    assert sample.sections[2].pledges[1].commitment == (
        "We will collect assessment data **at most three times a year**."
    )


def test_a_nested_list_is_part_of_the_pledge_detail(sample):
    pledge = sample.sections[0].pledges[2]
    assert pledge.detail.splitlines() == [
        "The training covers:",
        "",
        "- spotting the signs of stress and burnout;",
        "- how to hold a *return to work* conversation;",
        "- where to refer a colleague for more help.",
    ]
    numbered = sample.sections[2].pledges[1]
    assert numbered.detail.startswith("1. Each data drop is on the published calendar")


def test_an_abbreviation_does_not_end_the_first_sentence(sample):
    pledge = sample.sections[4].pledges[3]
    assert pledge.commitment.endswith("e.g. policy writing, procurement and HR casework.")


def test_a_typed_pledge_number_is_dropped():
    document = markdown_read("# C\n\n## Voice\n\n- 1.1 We will listen. Always.\n- 1.2) We act.\n")
    assert [p.commitment for p in document.sections[0].pledges] == ["We will listen.", "We act."]


def test_a_typed_number_before_a_bold_lead_is_dropped_and_the_bold_lead_kept():
    document = markdown_read("# C\n\n## Voice\n\n- 1.1 **We will listen**, always.\n")
    pledge = document.sections[0].pledges[0]
    assert (pledge.commitment, pledge.detail) == ("We will listen", "always.")


def test_the_workload_sample_reads_with_one_note():
    document = markdown_read((SAMPLE.parent / "workload-charter.md").read_text())
    assert [len(s.pledges) for s in document.sections] == [3, 3, 3]
    assert document.sections[0].pledges[0].commitment == "No written marking for its own sake."
    assert document.notes == [
        "line 29: text after the pledges of “Meetings and communication” was added to the "
        "detail of pledge 3.3."
    ]


def test_a_number_that_is_part_of_the_sentence_is_kept():
    document = markdown_read("# C\n\n## Voice\n\n- 2 surveys a year.\n- 2.5 days of leave.\n")
    assert [p.commitment for p in document.sections[0].pledges] == [
        "2 surveys a year.",
        "2.5 days of leave.",
    ]


def test_the_given_title_wins_over_the_first_heading():
    assert markdown_read("# Old\n\n## S\n\n- We will.\n", title="New title").title == "New title"


def test_text_after_a_sections_pledges_joins_the_last_pledge_and_is_reported():
    document = markdown_read("# C\n\n## Voice\n\n- We will listen.\n\nA closing word.\n")
    assert document.sections[0].pledges[0].detail == "A closing word."
    assert document.notes == [
        "line 7: text after the pledges of “Voice” was added to the detail of pledge 1.1."
    ]


def test_a_list_before_the_first_section_stays_in_the_introduction_and_is_reported():
    document = markdown_read("# C\n\n- not a pledge\n\n## Voice\n\n- We will listen.\n")
    assert document.introduction == "- not a pledge"
    assert document.notes[0].startswith("line 3: a list before the first section")
    assert document.pledge_count == 1


def test_a_section_without_pledges_is_reported():
    document = markdown_read("# C\n\n## Empty\n\nWords.\n\n## Voice\n\n- We will listen.\n")
    assert document.ok
    assert document.notes == ["The section “Empty” has no pledges (no list under its heading)."]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("## Voice\n\n- We will.\n", "The document has no title"),
        ("# C\n\nJust words.\n", "No sections were found"),
        ("# C\n\n## Voice\n\nWords.\n", "No pledges were found"),
        ("# C\n\n## Voice\n\n- " + "word " * 120 + "\n", "line 5: the commitment “word word"),
    ],
)
def test_a_document_that_breaks_the_rules_has_problems(text, problem):
    document = markdown_read(text)
    assert not document.ok
    assert any(p.startswith(problem) for p in document.problems), document.problems


def test_a_long_commitment_names_the_limit():
    document = markdown_read("# C\n\n## Voice\n\n- " + "a" * 501 + "\n")
    assert document.problems == [
        "line 5: the commitment “" + "a" * 60 + "…” is 501 characters long (at most 500): end "
        "its first sentence sooner, or put the commitment in bold."
    ]


def test_a_file_that_is_not_utf8_is_refused():
    with pytest.raises(DocumentError, match="not UTF-8 text"):
        document_read(name="charter.md", content="Caf\xe9".encode("cp1252"))


def test_an_unknown_kind_of_file_is_refused():
    with pytest.raises(DocumentError, match="use a Markdown file"):
        document_read(name="charter.pdf", content=b"%PDF-1.7")


def test_a_broken_word_document_is_refused():
    with pytest.raises(DocumentError, match="cannot be read as a Word document"):
        document_read(name="charter.docx", content=b"not a zip file")


def test_words_title_style_is_the_charters_title():
    import io

    import docx

    document = docx.Document()
    document.add_heading("Our charter", level=0)  # Word's "Title" style
    document.add_heading("Voice", level=2)
    document.add_paragraph("We will listen. Always.", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    read = document_read(name="c.docx", content=out.getvalue())
    assert read.ok, read.problems
    assert read.title == "Our charter"
    assert [(p.commitment, p.detail) for p in read.sections[0].pledges] == [
        ("We will listen.", "Always.")
    ]
