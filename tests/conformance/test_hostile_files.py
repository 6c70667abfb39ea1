"""Hostile and foreign files on every import (docs/file-formats.md, section 1): a clear message that
names the line and column, and nothing changed; Windows-1252 and XLSX files read as Excel saves
them. Each case runs through the command of all four imports and the web upload of staff and
absence, on the real database."""

import html
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from absence.models import AbsenceRecord
from common.csvfiles import read_table
from common.csvrows import CsvImportError
from people.models import School, StaffMember, User
from school_calendar.models import Term
from surveys.models import Response, Round
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Import:
    command: str
    header: list[str]
    rows: list[list[str]]  # two good rows
    multiline_column: str  # a checked column: a value split over two lines is refused there
    args: tuple[str, ...] = ()
    page: str = ""  # the web upload's URL name, where there is one


STAFF = Import(
    command="import_staff",
    header="staff_id,email,first_name,last_name,school_urn,role_group,department,fte,"
    "working_days,start_date,end_date".split(","),
    rows=[
        "H1,h1@example.org,Hal,One,100001,teaching,Maths,1,,2020-09-01,".split(","),
        "H2,h2@example.org,Hana,Two,100001,support,Office,0.5,Mon Tue,2021-01-04,".split(","),
    ],
    multiline_column="role_group",
    page="people:staff_import",
)
TERMS = Import(
    command="import_terms",
    header="academic_year,term,first_day,last_day,half_term_first_day,half_term_last_day,"
    "school_urn".split(","),
    rows=[
        "2026-27,autumn,2026-09-02,2026-12-18,2026-10-26,2026-10-30,".split(","),
        "2026-27,spring,2027-01-04,2027-03-26,,,".split(","),
    ],
    multiline_column="term",
)
ABSENCE = Import(
    command="import_absence",
    header="record_id,staff_id,start_date,end_date,category,reason,start_half_day,"
    "end_half_day".split(","),
    rows=[
        "R1,P1,2025-10-06,2025-10-07,SIC,infection,,".split(","),
        "R2,P1,2025-11-03,2025-11-03,TRN,,,".split(","),
    ],
    multiline_column="category",
    page="absence:import",
)
RESPONSES = Import(
    command="import_responses",
    header="school_urn,role_group,department,ons4_life_satisfaction,ons4_anxiety,hse03".split(","),
    rows=[
        "100001,teaching,Maths,7,2,3".split(","),
        "100001,support,Office,8,1,4".split(","),
    ],
    multiline_column="role_group",
    args=("--round", "earlier-provider"),
)
IMPORTS = [STAFF, TERMS, ABSENCE, RESPONSES]
WEB_IMPORTS = [STAFF, ABSENCE]


@pytest.fixture
def world(cast):
    """The cast, plus P1, the person the absence rows are about, and one stored spell."""
    person = StaffMemberFactory(
        staff_id="P1", school=cast.school_a, start_date=date(2020, 9, 1), end_date=None
    )
    AbsenceRecord.objects.create(
        record_id="OLD",
        staff=person,
        start_date=date(2024, 1, 8),
        end_date=date(2024, 1, 9),
        category="SIC",
    )
    return cast


def _state():
    """Everything an import could change, to compare before and after."""
    return {
        "staff": list(StaffMember.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values("pk", "email", "is_active")),
        "schools": list(School.objects.order_by("pk").values()),
        "terms": list(Term.objects.order_by("pk").values()),
        "absence": list(AbsenceRecord.objects.order_by("pk").values()),
        "rounds": list(Round.objects.order_by("pk").values("pk", "slug")),
        "responses": Response.objects.count(),
    }


def _csv(header, rows) -> str:
    return "\n".join(",".join(cells) for cells in [header, *rows]) + "\n"


def _with_cell(imp: Import, row: int, column: int, value: str) -> list[list[str]]:
    rows = [list(r) for r in imp.rows]
    rows[row][column] = value
    return rows


# Each case: (file bytes, the messages expected). Lines count from 1 at the header.
def duplicated_column(imp):
    name = imp.header[1]
    header = [*imp.header, name.upper()]  # names match whatever their case
    rows = [[*r, r[1]] for r in imp.rows]
    return _csv(header, rows).encode(), [f"line 1, column {name}: is named more than once"]


def nul_byte(imp):
    rows = _with_cell(imp, 1, 2, imp.rows[1][2][:1] + "\x00" + imp.rows[1][2][1:])
    expected = f"line 3, column {imp.header[2]}: contains a control character (U+0000), in column 3"
    return _csv(imp.header, rows).encode(), [expected]


def escape_character(imp):
    rows = _with_cell(imp, 0, 0, imp.rows[0][0] + "\x1b[31m")
    expected = f"line 2, column {imp.header[0]}: contains a control character (U+001B)"
    return _csv(imp.header, rows).encode(), [expected]


def unclosed_quote(imp):
    rows = _with_cell(imp, 1, 0, '"' + imp.rows[1][0])
    rows.append(list(imp.rows[0]))
    return _csv(imp.header, rows).encode(), ["line 3: unclosed quote starting on line 3"]


def multi_line_record(imp):
    column = imp.header.index(imp.multiline_column)
    rows = _with_cell(imp, 1, column, '"not\nvalid"')  # the record is lines 3 and 4
    rows.append([*imp.rows[0][:column], "nope", *imp.rows[0][column + 1 :]])  # line 5
    return _csv(imp.header, rows).encode(), [
        f"line 3, column {imp.multiline_column}: 'not\\nvalid' is not one of",
        f"line 5, column {imp.multiline_column}: 'nope' is not one of",
    ]


def too_many_columns(imp):
    header = imp.header + [f"extra{i}" for i in range(200)]
    rows = [r + [""] * 200 for r in imp.rows]
    count = len(header)
    return _csv(header, rows).encode(), [f"line 1: the header has {count} columns; at most 200"]


def too_large(imp):
    header = [*imp.header, "notes"]
    rows = [[*r, "x" * 700] for r in imp.rows]
    return _csv(header, rows).encode(), ["files up to 1 KB can be imported"]


HOSTILE = [
    duplicated_column,
    nul_byte,
    escape_character,
    unclosed_quote,
    multi_line_record,
    too_many_columns,
    too_large,
]


@pytest.mark.parametrize("case", HOSTILE, ids=lambda case: case.__name__)
@pytest.mark.parametrize("imp", IMPORTS, ids=lambda imp: imp.command)
def test_a_hostile_file_on_the_command_is_refused_clearly_and_changes_nothing(
    world, tmp_path, settings, imp, case
):
    data, expected = case(imp)
    if case is too_large:
        settings.IMPORT_MAX_BYTES = 1024
    path = tmp_path / "hostile.csv"
    path.write_bytes(data)
    before = _state()
    with pytest.raises(CommandError) as error:
        call_command(imp.command, str(path), *imp.args)
    message = str(error.value)
    assert "nothing was imported" in message or "larger than" in message
    for text in expected:
        assert text in message
    assert "Traceback" not in message
    assert _state() == before


@pytest.mark.parametrize("case", HOSTILE, ids=lambda case: case.__name__)
@pytest.mark.parametrize("imp", WEB_IMPORTS, ids=lambda imp: imp.page)
def test_a_hostile_upload_shows_its_problems_on_the_page_and_changes_nothing(
    world, client_for, settings, imp, case
):
    data, expected = case(imp)
    if case is too_large:
        settings.IMPORT_MAX_BYTES = 1024
        expected = ["The file is larger than 1 KB, the limit for imports."]
    before = _state()
    response = client_for(world.hr).post(
        reverse(imp.page), {"file": SimpleUploadedFile("hostile.csv", data, "text/csv")}
    )
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    for text in expected:
        assert text in page
    assert _state() == before


def test_a_duplicated_email_column_names_both_positions():
    data, _ = duplicated_column(STAFF)
    with pytest.raises(CsvImportError) as error:
        read_table(data, required=["email"])
    assert str(error.value) == (
        "line 1, column email: is named more than once: columns 2 (B) and 12 (L); keep one"
    )


# --- Windows-1252 -------------------------------------------------------------------------------

WINDOWS_TEXT = "Café – “quoted” £5 Zoë"


@pytest.mark.parametrize("imp", IMPORTS, ids=lambda imp: imp.command)
def test_a_windows_1252_file_is_imported_and_the_summary_says_so(world, tmp_path, capsys, imp):
    if "department" in imp.header:  # the responses file takes no extra columns
        at = imp.header.index("department")
        text = _csv(imp.header, [[*r[:at], WINDOWS_TEXT, *r[at + 1 :]] for r in imp.rows])
    else:
        text = _csv([*imp.header, "note"], [[*r, WINDOWS_TEXT] for r in imp.rows])
    data = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path = tmp_path / "excel.csv"
    path.write_bytes(data)
    call_command(imp.command, str(path), *imp.args)
    assert "The file is not UTF-8; it was read as Windows-1252 text." in capsys.readouterr().out


def test_windows_1252_text_arrives_as_written(world, tmp_path):
    rows = _with_cell(STAFF, 0, 6, "Café – “Zoë”")
    path = tmp_path / "excel.csv"
    path.write_bytes(_csv(STAFF.header, rows).encode("cp1252"))
    call_command("import_staff", str(path))
    assert StaffMember.objects.get(staff_id="H1").department == "Café – “Zoë”"


def test_a_windows_1252_upload_says_how_it_was_read(world, client_for):
    data = _csv(["note", *ABSENCE.header], [["Café", *r] for r in ABSENCE.rows])
    response = client_for(world.hr).post(
        reverse("absence:import"),
        {"file": SimpleUploadedFile("excel.csv", data.encode("cp1252"), "text/csv")},
        follow=True,
    )
    page = html.unescape(response.content.decode())
    assert "2 absence record(s) were added" in page
    assert "read as Windows-1252" in page
    assert AbsenceRecord.objects.filter(record_id__in=["R1", "R2"]).count() == 2


# --- XLSX ---------------------------------------------------------------------------------------


def _typed(value: str):
    """A cell as Excel holds it: dates as dates, numbers as numbers, the rest as text."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    return value or None


def _workbook(header, rows, *, first_sheet_title="Export") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = first_sheet_title
    sheet.append(header)
    for row in rows:
        sheet.append([_typed(v) for v in row])
    book.create_sheet("Notes").append(["not", "read"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("imp", IMPORTS, ids=lambda imp: imp.command)
def test_the_first_sheet_of_an_xlsx_workbook_is_imported_like_a_csv(world, tmp_path, capsys, imp):
    path = tmp_path / "export.xlsx"
    path.write_bytes(_workbook(imp.header, imp.rows))
    call_command(imp.command, str(path), *imp.args)
    assert "Read from the first sheet (Export) of the workbook." in capsys.readouterr().out
    if imp is STAFF:
        hana = StaffMember.objects.select_related("school").get(staff_id="H2")
        assert hana.start_date == date(2021, 1, 4) and hana.fte == Decimal("0.5")
        assert hana.school.urn == "100001" and hana.working_days == "Mon Tue"
    elif imp is TERMS:
        autumn = Term.objects.get(term="autumn", academic_year="2026-27")
        assert autumn.half_term_first_day == date(2026, 10, 26)
    elif imp is ABSENCE:
        assert AbsenceRecord.objects.get(record_id="R1").end_date == date(2025, 10, 7)
    else:
        answers = sorted(r.answers["ons4_anxiety"] for r in Response.objects.all())
        assert answers == [1, 2]


def test_an_xlsx_upload_is_imported_and_its_problems_name_line_and_column(world, client_for):
    client = client_for(world.hr)
    rows = _with_cell(STAFF, 1, 7, "2")  # fte 2 is out of range
    bad = _workbook(STAFF.header, rows)
    response = client.post(
        reverse("people:staff_import"),
        {"file": SimpleUploadedFile("staff.xlsx", bad, "application/octet-stream")},
    )
    assert "line 3, column fte: 2 must be more than 0 and at most 1" in html.unescape(
        response.content.decode()
    )
    assert not StaffMember.objects.filter(staff_id__in=["H1", "H2"]).exists()
    good = _workbook(STAFF.header, STAFF.rows)
    response = client.post(
        reverse("people:staff_import"),
        {"file": SimpleUploadedFile("staff.xlsx", good, "application/octet-stream")},
        follow=True,
    )
    assert "2 staff were added" in response.content.decode()
    assert StaffMember.objects.get(staff_id="H1").start_date == date(2020, 9, 1)


def test_an_xlsx_with_a_duplicated_column_is_refused(world, tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_bytes(_workbook([*ABSENCE.header, "Category"], [[*r, "SIC"] for r in ABSENCE.rows]))
    with pytest.raises(CommandError, match=r"line 1, column category: is named more than once"):
        call_command("import_absence", str(path))
    assert not AbsenceRecord.objects.filter(record_id="R1").exists()


def test_an_old_xls_or_a_broken_workbook_is_refused_clearly(world, tmp_path):
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(CommandError, match="old-style .xls workbook"):
        call_command("import_staff", str(old))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(_workbook(STAFF.header, STAFF.rows)[:400])
    with pytest.raises(CommandError, match="not a readable XLSX workbook"):
        call_command("import_staff", str(broken))
