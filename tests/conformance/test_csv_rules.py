"""The CSV rules common to every import (docs/file-formats.md, section 1), and each format's."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from absence.models import AbsenceRecord
from people.models import School, StaffMember, User
from school_calendar.models import Term
from tests.factories import SchoolFactory, StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def _file(tmp_path, text, name="data.csv", bom=False):
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return str(path)


def test_staff_bom_any_column_order_extra_columns_trimmed_values_and_both_date_forms(tmp_path):
    SchoolFactory(urn="500001")
    path = _file(
        tmp_path,
        " fte , notes ,last_name,first_name, email ,staff_id,role_group,start_date,school_urn,"
        "end_date\n"
        " 0.5 , ignored , Smith , Ann , Ann.Smith@Example.org , T1 , support , 01/09/2020 ,"
        " 500001 , \n",
        bom=True,
    )
    call_command("import_staff", path)
    staff = StaffMember.objects.select_related("user", "school").get(staff_id="T1")
    assert staff.user.email == "ann.smith@example.org" and staff.user.last_name == "Smith"
    assert staff.start_date == date(2020, 9, 1) and staff.school.urn == "500001"
    assert staff.working_days == "Mon Tue Wed Thu Fri" and staff.fte == Decimal("0.5")


def test_staff_email_is_unique_ignoring_case_within_the_file_and_against_accounts(tmp_path):
    SchoolFactory(urn="500001")
    UserFactory(email="taken@example.org")
    header = "staff_id,email,first_name,last_name,school_urn,role_group,fte,start_date\n"
    twice = _file(
        tmp_path,
        header + "A1,Dup@Example.org,A,B,500001,teaching,1,2020-09-01\n"
        "A2,dup@example.org,C,D,500001,teaching,1,2020-09-01\n",
    )
    with pytest.raises(CommandError, match="line 3, column email"):
        call_command("import_staff", twice)
    StaffMemberFactory(staff_id="OWNER", user=User.objects.get(email="taken@example.org"))
    taken = _file(tmp_path, header + "A3,TAKEN@example.org,E,F,500001,teaching,1,2020-09-01\n")
    with pytest.raises(CommandError, match="line 2, column email"):
        call_command("import_staff", taken)
    assert not StaffMember.objects.filter(staff_id__in=["A1", "A2", "A3"]).exists()


def test_staff_school_name_creates_a_school_and_a_past_end_date_makes_a_leaver(tmp_path):
    header = (
        "staff_id,email,first_name,last_name,school_urn,school_name,role_group,fte,"
        "start_date,end_date\n"
    )
    path = _file(
        tmp_path,
        header + "L1,l1@example.org,Lee,Vers,600001,New Academy,teaching,1,2019-09-01,2025-08-31\n",
    )
    call_command("import_staff", path)
    assert School.objects.get(urn="600001").name == "New Academy"
    assert User.objects.get(email="l1@example.org").is_active is False


def test_staff_unknown_urn_without_school_name_is_an_error_naming_line_and_column(tmp_path):
    path = _file(
        tmp_path,
        "staff_id,email,first_name,last_name,school_urn,role_group,fte,start_date\n"
        "U1,u1@example.org,U,One,,teaching,1,2020-09-01\n"
        "U2,u2@example.org,U,Two,700001,teaching,1,2020-09-01\n",
    )
    with pytest.raises(CommandError, match="line 3, column school_urn"):
        call_command("import_staff", path)
    assert not StaffMember.objects.filter(staff_id__in=["U1", "U2"]).exists()  # all or nothing


def test_terms_empty_urn_is_the_trust_a_urn_is_the_school_and_half_term_is_optional(tmp_path):
    school = SchoolFactory(urn="500002")
    path = _file(
        tmp_path,
        "school_urn,term,academic_year,last_day,first_day,half_term_first_day,"
        "half_term_last_day\n"
        ",spring,2026-27,26/03/2027,04/01/2027,,\n"
        "500002,spring,2026-27,2027-03-31,2027-01-05,2027-02-15,2027-02-19\n",
    )
    call_command("import_terms", path)
    trust_row = Term.objects.get(school=None, academic_year="2026-27", term="spring")
    assert trust_row.first_day == date(2027, 1, 4) and trust_row.half_term_first_day is None
    assert Term.objects.get(school=school).half_term_last_day == date(2027, 2, 19)


def test_terms_half_term_needs_both_days(tmp_path):
    path = _file(
        tmp_path,
        "academic_year,term,first_day,last_day,half_term_first_day\n"
        "2026-27,spring,2027-01-04,2027-03-26,2027-02-15\n",
    )
    with pytest.raises(CommandError, match="line 2, column half_term_last_day"):
        call_command("import_terms", path)
    assert not Term.objects.exists()


@pytest.fixture
def worker():
    return StaffMemberFactory(
        staff_id="P1",
        school=SchoolFactory(urn="500003"),
        start_date=date(2020, 9, 1),
        end_date=date(2026, 8, 31),
    )


ABSENCE = "record_id,staff_id,start_date,end_date,category,reason,start_half_day,end_half_day\n"


@pytest.mark.parametrize(
    "category", ["SIC", "PRG", "MAT", "PUB", "SEC", "UNA", "UNP", "OTH", "TRN"]
)
def test_absence_takes_every_census_category(worker, tmp_path, category):
    call_command(
        "import_absence", _file(tmp_path, ABSENCE + f"R1,P1,2025-10-06,2025-10-06,{category},,,\n")
    )
    assert AbsenceRecord.objects.get().category == category


@pytest.mark.parametrize(
    "reason",
    ["mental_health", "musculoskeletal", "infection", "injury", "long_term_condition", "other", ""],
)
def test_absence_takes_every_sickness_reason_and_half_days_as_yes(worker, tmp_path, reason):
    call_command(
        "import_absence",
        _file(tmp_path, ABSENCE + f"R1,P1,06/10/2025,2025-10-07,SIC,{reason},yes,yes\n"),
    )
    record = AbsenceRecord.objects.get()
    assert record.reason == reason and record.start_half_day and record.end_half_day


@pytest.mark.parametrize(
    "row,column",
    [
        ("R1,P1,2025-10-06,2025-10-06,MAT,mental_health,,", "reason"),
        ("R1,P1,2025-10-06,2025-10-06,XYZ,,,", "category"),
        ("R1,P1,2025-10-06,2025-10-06,SIC,flu,,", "reason"),
        ("R1,P1,2025-10-06,2025-10-06,SIC,,maybe,", "start_half_day"),
        ("R1,P1,2020-08-31,2020-09-02,SIC,,,", "start_date"),
        ("R1,P1,2026-08-28,2026-09-02,SIC,,,", "end_date"),
        ("R1,NOBODY,2025-10-06,2025-10-06,SIC,,,", "staff_id"),
        ("R1,P1,2025-10-06,2025-10-05,SIC,,,", "end_date"),
    ],
)
def test_absence_bad_rows_name_line_and_column_and_write_nothing(worker, tmp_path, row, column):
    good = "R0,P1,2025-09-01,2025-09-01,SIC,,,\n"
    with pytest.raises(CommandError, match=f"line 3, column {column}"):
        call_command("import_absence", _file(tmp_path, ABSENCE + good + row + "\n"))
    assert not AbsenceRecord.objects.exists()


def test_absence_overlapping_spells_of_one_person_are_refused(worker, tmp_path):
    rows = "R1,P1,2025-10-06,2025-10-08,SIC,,,\nR2,P1,2025-10-08,2025-10-09,OTH,,,\n"
    with pytest.raises(CommandError, match="line 3, column start_date"):
        call_command("import_absence", _file(tmp_path, ABSENCE + rows))
    assert not AbsenceRecord.objects.exists()


def test_a_file_that_is_not_utf8_is_read_as_windows_1252_and_the_import_says_so(tmp_path, capsys):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "academic_year,term,first_day,last_day\n2026-27,caf\xe9,x,y\n".encode("cp1252")
    )
    with pytest.raises(CommandError, match="column term: 'café' is not one of"):
        call_command("import_terms", str(path))
    path.write_bytes(
        "academic_year,term,first_day,last_day,note\n"
        "2026-27,spring,2027-01-04,2027-03-26,“smart” quotes £5\n".encode("cp1252")
    )
    call_command("import_terms", str(path))
    assert "read as Windows-1252" in capsys.readouterr().out
    assert Term.objects.get().first_day == date(2027, 1, 4)
