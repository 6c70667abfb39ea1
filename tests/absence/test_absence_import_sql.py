"""The absence import checked in SQL (PostgreSQL) says and writes exactly what the row-by-row
import (kept for SQLite) does: same problems at the same lines, same records, nothing written for
rows that did not change."""

import io
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import transaction

from absence import services, store
from absence.models import AbsenceRecord
from common import csvcopy
from common.csvfiles import _CONTROL
from common.csvrows import CsvImportError
from tests.absence.world import person
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

HEADER = "record_id,staff_id,start_date,end_date,category,reason,start_half_day,end_half_day"


@pytest.fixture
def staff():
    school = SchoolFactory(urn="300001")
    person(school, staff_id="P1", start_date=date(2020, 9, 1), end_date=date(2026, 8, 31))
    person(school, staff_id="P2", start_date=date(2021, 1, 4), end_date=None)
    return school


def _quiet(stage, done, total):
    return None


def _problems_each_way(text) -> tuple[list[str], list[str]]:
    """The problems of the SQL import and of the row-by-row import of the same file."""
    found = []
    for run in (services._import_in_sql, services._import_in_python):
        with pytest.raises(CsvImportError) as error:
            with transaction.atomic():
                run(text, False, _quiet)
        found.append([str(p) for p in error.value.problems])
    return found[0], found[1]


def _records():
    return list(
        AbsenceRecord.objects.order_by("record_id").values_list(
            "record_id",
            "staff__staff_id",
            "start_date",
            "end_date",
            "category",
            "reason",
            "start_half_day",
            "end_half_day",
        )
    )


def _records_each_way(text) -> tuple[list, list]:
    """The records the SQL import and the row-by-row import each leave (the other undone)."""
    found = []
    for run in (services._import_in_sql, services._import_in_python):
        with transaction.atomic():
            run(text, False, _quiet)
            found.append(_records())
            transaction.set_rollback(True)
    return found[0], found[1]


MESSY = "\n".join(
    [
        HEADER,
        "A1,P1,2025-10-06,2025-10-08,SIC,,,",
        "A2,NOBODY,2025-10-06,2025-10-08,SIC,,,",
        "A3,P1,2025-10-09,2025-10-01,SIC,,,",
        "A4,P1,2025-10-20,2025-10-21,XXX,flu,,",
        "A5,P1,2025-10-22,2025-10-22,SIC,flu,maybe,Nope",
        "A6,P1,2025-10-07,2025-10-09,sic,,,",
        "A7,P1,2019-10-07,2019-10-09,SIC,,,",
        "A8,P1,2025-12-01,2025-12-01,TRN,infection,,",
        ",,,,,,,",
        "A1,P2,2025-11-03,2025-11-04,SIC,,,",
        ",P2,2025-13-01,31/02/2025,,,,",
        "A9,P2,1/9/2025,2/9/2025",
        "   ",
        "A10,P2,02/09/2025,2025-09-03,OTH,,YES,",
        "A11,P2,2025-09-03,2025-09-05,UNP,,yes,",
        "A12,P1,2026-08-01,2026-09-30,TRN,,,",
        f"{'X' * 65},P2,2025-12-01,2025-12-02,PUB,,,",
        "A13,,2025-12-01,2025-12-02,PUB,,,",
        "OLD2,P2,2024-01-03,2024-01-05,SIC,,,",
    ]
)


def test_every_problem_is_the_same_either_way(staff):
    services.absence_import(
        data=f"{HEADER}\nOLD1,P2,2025-10-06,2025-10-10,SIC,,,\nOLD2,P1,2024-01-01,2024-01-09,SIC,,,\n"
        "OLD3,P2,2024-01-04,2024-01-04,TRN,,,\n"
    )
    in_sql, in_python = _problems_each_way(MESSY)
    assert in_sql == in_python
    assert len(in_sql) >= 15
    # Every row as wide as the header: COPY splits the rows (MESSY has short ones).
    uniform = "\n".join(line + "," * (7 - line.count(",")) for line in MESSY.splitlines())
    assert _copied_as_lines(uniform) is not None
    assert _problems_each_way(uniform) == (in_sql, in_sql)
    spaced = "\n".join(re.sub(r"\s*,\s*", " , ", line) for line in uniform.splitlines())
    assert _copied_as_lines(spaced) is not None
    assert _problems_each_way(spaced) == (in_sql, in_sql)
    # Spaces around values, CRLF line ends and quoted values take the other ways into the table.
    padded = "\r\n".join(re.sub(r"\s*,\s*", " , ", line) for line in MESSY.splitlines())
    assert _problems_each_way(padded) == (in_sql, in_sql)
    quoted = MESSY.replace("A4,", '"A4",')
    assert _problems_each_way(quoted) == (in_sql, in_sql)


def test_a_good_file_leaves_the_same_records_either_way(staff):
    services.absence_import(data=f"{HEADER}\nOLD1,P2,2025-10-06,2025-10-10,SIC,,,\n")
    text = "\n".join(
        [
            "Category, Record_ID ,staff_id,start_date,end_date,reason,end_half_day,start_half_day",
            "sic,OLD1,P2,2025-10-06,2025-10-09,Mental_Health,,",
            "trn,N1,P1,01/12/2025,2025-12-01,,y,",
            ",,,,,,,",
            "SIC,N2,P1,2025-12-01,2025-12-03,,,TRUE",
            "oth,N3,P2,2025-12-01,2025-12-01",
        ]
    )
    assert _copied_as_lines(text) is None  # the last row is short
    in_sql, in_python = _records_each_way(text)
    assert in_sql == in_python
    uniform = text + ",,,"
    assert _copied_as_lines(uniform) is not None
    assert _records_each_way(uniform) == (in_sql, in_sql)
    assert [r[0] for r in in_sql] == ["N1", "N2", "N3", "OLD1"]


def test_a_quoted_value_over_several_lines_keeps_the_line_numbers_right(staff):
    text = (
        f"{HEADER},note\n"
        'A1,P1,2025-10-06,2025-10-08,SIC,,,,"first line\nsecond line\nthird, with a comma"\n'
        "A2,P1,2025-10-20,2025-10-21,XXX,,,,\n"
        'A3,NOBODY,2025-10-22,2025-10-22,SIC,,,,"two\nlines"\n'
        "A4,P1,2025-10-07,2025-10-07,SIC,,,,\n"
    )
    with pytest.raises(CsvImportError) as error:
        services.absence_import(data=text)
    assert [str(p) for p in error.value.problems] == [
        "line 5, column category: 'XXX' is not one of: SIC, PRG, MAT, PUB, SEC, UNA, UNP, OTH, TRN",
        "line 6, column staff_id: no staff member has staff id 'NOBODY'",
        "line 8, column start_date: spell 'A4' overlaps spell 'A1' of the same person (line 2)",
    ]
    assert not AbsenceRecord.objects.exists()


def test_the_line_numbers_of_a_plain_file_count_blank_lines(staff):
    text = (
        f"{HEADER}\n\nA1,P1,2025-10-06,2025-10-08,SIC,,,\n,,,\n\n"
        "A2,P1,2025-10-08,2025-10-09,SIC,,,\n"
    )
    with pytest.raises(CsvImportError) as error:
        services.absence_import(data=text)
    assert [str(p) for p in error.value.problems] == [
        "line 6, column start_date: spell 'A2' overlaps spell 'A1' of the same person (line 3)"
    ]


def test_an_unchanged_reimport_writes_nothing_and_keeps_the_stored_figures(staff):
    text = f"{HEADER}\nA1,P1,2025-10-06,2025-10-08,SIC,,,\nA2,P2,2025-11-03,2025-11-03,TRN,,,\n"
    services.absence_import(data=text)
    before = list(AbsenceRecord.objects.order_by("pk").values("pk", "updated_at"))
    generation = store._generation()
    result = services.absence_import(data=text.replace("SIC", "sic"))
    assert (result.created, result.updated, result.unchanged, result.people) == (0, 0, 2, [])
    assert list(AbsenceRecord.objects.order_by("pk").values("pk", "updated_at")) == before
    assert cache.get(store.GENERATION_KEY) == generation
    changed = services.absence_import(data=text.replace("2025-10-08", "2025-10-09"))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    assert cache.get(store.GENERATION_KEY) != generation


def test_a_check_only_run_reports_the_changes_and_writes_nothing(staff):
    services.absence_import(data=f"{HEADER}\nA1,P1,2025-10-06,2025-10-08,SIC,,,\n")
    text = f"{HEADER}\nA1,P1,2025-10-06,2025-10-09,SIC,,,\nA2,P2,2025-11-03,2025-11-03,TRN,,,\n"
    result = services.absence_import(data=text, dry_run=True)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    by_person = {p["name"][-3:-1]: (p["added"], p["changed"]) for p in result.people}
    assert by_person == {"P1": (0, 1), "P2": (1, 0)}
    assert AbsenceRecord.objects.get().end_date == date(2025, 10, 8)


def _copied_as_lines(text: str) -> str | None:
    """The text COPY would be given, or None when read_table must read the file."""
    lines = csvcopy._PlainLines(io.BytesIO(text.encode()), "utf-8")
    try:
        lines.start()
        return "".join(iter(lines.read, ""))
    except ValueError:
        assert lines.refused
        return None


@pytest.mark.parametrize(
    "text",
    [
        'a,b\n"1",2\n',  # a quote: read_table reads it
        "a,b\n1\r2\n",  # a lone carriage return ends a line for csv, not for COPY
        "\na,b\n1,2\n",  # the header is not on line 1
        "a,b\n\\.\n1,2\n",  # COPY would stop at this line
        "a,b\n1,2\x00\n",  # a control character
        "a,b\n1\n",  # a short row
        "a,b\n1,2\n\n",  # an empty line
        "a,b\n1,2,3\n",  # a long row
        "," * 200 + "\n" + "," * 200 + "\n",  # more columns than allowed, if not empty
    ],
)
def test_files_out_of_the_ordinary_are_read_by_read_table(text):
    assert _copied_as_lines(text) is None


@pytest.mark.parametrize(
    ("text", "trimmed"),
    [
        ("a,b\n1,2 x\n", False),  # spaces inside a value need no trimming
        ("a,b\n1 ,2\n", True),
        ("a,b\n1, 2\n", True),
        ("a,b\n1,2\t\n3,4\n", True),
        ("a,b\n1,2\n 3,4", True),
        ("a,b\n1,2\n3,\u00a04\n", True),
    ],
)
def test_values_are_trimmed_only_when_one_starts_or_ends_with_a_space(text, trimmed):
    lines = csvcopy._PlainLines(io.BytesIO(text.encode()), "utf-8")
    lines.start()
    "".join(iter(lines.read, ""))
    assert lines.edge_spaces == trimmed


def test_a_plain_file_with_crlf_line_ends_is_copied_as_lines():
    assert _copied_as_lines("a,b\r\n1,2\r\n3,4") == "a,b\n1,2\n3,4"


def test_the_trimmed_whitespace_is_what_str_strip_removes():
    spaces = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(csvcopy.WHITESPACE) == {c for c in spaces if not _CONTROL.match(c)}


def test_a_quote_found_after_the_copy_began_hands_the_file_to_read_table(staff):
    """The text is checked as it is copied: past the first megabyte, the copy is undone."""
    rows = [
        f"R{n},P1,2024-{1 + n % 12:02d}-{1 + n % 28:02d},2024-01-01,TRN,,," for n in range(30_000)
    ]
    text = "\n".join([HEADER, *rows, '"Q1",NOBODY,2024-02-01,2024-02-01,TRN,,,']) + "\n"
    assert len(text) > csvcopy._CHUNK
    with pytest.raises(CsvImportError) as error:
        services.absence_import(data=text)
    assert str(error.value.problems[-1]) == (
        "line 30002, column staff_id: no staff member has staff id 'NOBODY'"
    )
    assert not AbsenceRecord.objects.exists()


def test_an_empty_file_is_refused_as_before():
    with pytest.raises(CsvImportError, match="line 1: the file is empty"):
        services.absence_import(data="")


def test_a_record_saved_with_a_new_id_while_an_import_runs_makes_it_write_nothing(
    staff, monkeypatch
):
    """New records are written by a plain INSERT: one stored meanwhile under the same id is not
    overwritten, the import is refused whole."""
    from absence import import_sql

    real_changes = import_sql.changes

    def changes_then_a_save_elsewhere():
        found = real_changes()
        AbsenceRecord.objects.create(
            record_id="A2",
            staff=person(staff, staff_id="P3", start_date=date(2020, 9, 1)),
            start_date=date(2025, 11, 3),
            end_date=date(2025, 11, 3),
            category="TRN",
        )
        return found

    monkeypatch.setattr(import_sql, "changes", changes_then_a_save_elsewhere)
    text = f"{HEADER}\nA1,P1,2025-10-06,2025-10-08,SIC,,,\nA2,P2,2025-11-03,2025-11-03,TRN,,,\n"
    with pytest.raises(CsvImportError) as refused:
        services.absence_import(data=text)
    assert "nothing was written" in str(refused.value.problems[0])
    assert not AbsenceRecord.objects.exists()


STORED = (
    f"{HEADER}\nS1,P1,2025-10-06,2025-10-08,SIC,,,\nS2,P1,2025-11-03,2025-11-05,SIC,,,\n"
    "S3,P1,2025-12-01,2025-12-02,TRN,,,\nT1,P2,2025-10-06,2025-10-10,SIC,,,\n"
)
S1 = "S1,P1,2025-10-06,2025-10-08,SIC,,,"
S2 = "S2,P1,2025-11-03,2025-11-05,SIC,,,"


@pytest.mark.parametrize(
    ("rows", "overlap"),
    [
        # A new spell overlapping an unchanged one, in the file and stored.
        ([S1, S2, "N1,P1,2025-10-08,2025-10-09,SIC,,,"], "spell 'N1' overlaps spell 'S1'"),
        # A new spell overlapping a stored one the file does not name.
        ([S1, S2, "N2,P1,2025-12-02,2025-12-02,SIC,,,"], "spell 'N2' overlaps spell 'S3'"),
        # Two changed spells now overlapping each other (beside someone's unchanged one).
        (
            [
                "S1,P1,2025-10-06,2025-10-09,SIC,,,",
                "S2,P1,2025-10-09,2025-10-10,SIC,,,",
                "T1,P2,2025-10-06,2025-10-10,SIC,,,",
            ],
            "spell 'S2' overlaps spell 'S1'",
        ),
        # An unchanged row given twice: the same spell twice.
        ([S1, S2, S1], "spell 'S1' overlaps spell 'S1'"),
        # A record moved to someone onto one of their unchanged spells.
        ([S1, S2, "T1,P1,2025-10-07,2025-10-07,SIC,,,"], "spell 'T1' overlaps spell 'S1'"),
    ],
)
def test_overlaps_with_unchanged_spells_are_found_as_the_row_by_row_import_finds_them(
    staff, rows, overlap
):
    """The SQL import compares only the people with a row that adds or changes a record (or
    repeats a record id): an overlap that involves one of their unchanged spells is still found."""
    services.absence_import(data=STORED)
    in_sql, in_python = _problems_each_way("\n".join([HEADER, *rows]))
    assert in_sql == in_python
    assert any(overlap in problem for problem in in_sql), in_sql
