"""The absence CSV import: every row checked, errors by line, all or nothing, re-import updates."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from absence.models import AbsenceRecord
from absence.services import absence_import
from common.csvrows import CsvImportError
from tests.absence.world import person
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

HEADER = "record_id,staff_id,start_date,end_date,category,reason,start_half_day,end_half_day"


def csv(*rows):
    return "\n".join([HEADER, *rows]) + "\n"


@pytest.fixture
def staff():
    school = SchoolFactory(urn="300001")
    return person(school, staff_id="P1", start_date=date(2020, 9, 1), end_date=date(2026, 8, 31))


def test_a_good_file_is_imported(staff):
    result = absence_import(
        data=csv(
            "A1,P1,2025-10-06,2025-10-08,SIC,infection,yes,",
            "A2,P1,13/10/2025,13/10/2025,TRN,,,",
        )
    )
    assert (result.created, result.updated) == (2, 0)
    first = AbsenceRecord.objects.get(record_id="A1")
    assert (first.staff, first.reason, first.start_half_day, first.end_half_day) == (
        staff,
        "infection",
        True,
        False,
    )


def test_reimporting_the_same_record_ids_updates_instead_of_duplicating(staff):
    absence_import(data=csv("A1,P1,2025-10-06,2025-10-08,SIC,infection,,"))
    result = absence_import(
        data=csv(
            "A1,P1,2025-10-06,2025-10-10,SIC,mental_health,,", "A2,P1,2025-11-03,2025-11-03,SIC,,,"
        )
    )
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert AbsenceRecord.objects.count() == 2
    assert AbsenceRecord.objects.get(record_id="A1").end_date == date(2025, 10, 10)
    again = absence_import(data=csv("A1,P1,2025-10-06,2025-10-10,SIC,mental_health,,"))
    assert again.unchanged == 1


def test_every_bad_row_is_reported_by_line_and_nothing_is_written(staff):
    with pytest.raises(CsvImportError) as error:
        absence_import(
            data=csv(
                "A1,P1,2025-10-06,2025-10-08,SIC,,,",
                "A2,NOBODY,2025-10-06,2025-10-08,SIC,,,",
                "A3,P1,2025-10-09,2025-10-01,SIC,,,",
                "A4,P1,2025-10-20,2025-10-21,XXX,,,",
                "A5,P1,2025-10-22,2025-10-22,SIC,flu,,",
                "A6,P1,2025-10-07,2025-10-09,SIC,,,",
                "A7,P1,2019-10-07,2019-10-09,SIC,,,",
                "A8,P1,2025-12-01,2025-12-01,TRN,infection,,",
            )
        )
    found = {(p.line, p.column) for p in error.value.problems}
    assert (3, "staff_id") in found  # unknown person
    assert (4, "end_date") in found  # end before start
    assert (5, "category") in found  # unknown category
    assert (6, "reason") in found  # unknown reason
    assert (7, "start_date") in found  # overlaps A1 on line 2
    assert (8, "start_date") in found  # before employment
    assert (9, "reason") in found  # a reason on a non-sickness spell
    assert "overlaps spell 'A1'" in str(error.value)
    assert AbsenceRecord.objects.count() == 0


def test_a_spell_overlapping_an_earlier_import_is_an_error(staff):
    absence_import(data=csv("A1,P1,2025-10-06,2025-10-08,SIC,,,"))
    with pytest.raises(CsvImportError, match="an earlier import"):
        absence_import(data=csv("B1,P1,2025-10-08,2025-10-09,SIC,,,"))


def test_half_days_may_meet_on_one_date(staff):
    absence_import(
        data=csv("A1,P1,2025-10-06,2025-10-08,SIC,,,yes", "A2,P1,2025-10-08,2025-10-09,TRN,,yes,")
    )
    assert AbsenceRecord.objects.count() == 2


def test_a_duplicated_record_id_is_an_error(staff):
    with pytest.raises(CsvImportError, match="also on line 2"):
        absence_import(
            data=csv("A1,P1,2025-10-06,2025-10-08,SIC,,,", "A1,P1,2025-11-06,2025-11-08,SIC,,,")
        )


def test_a_dry_run_writes_nothing(staff):
    result = absence_import(data=csv("A1,P1,2025-10-06,2025-10-08,SIC,,,"), dry_run=True)
    assert result.created == 1 and AbsenceRecord.objects.count() == 0


def test_the_command_imports_and_fails_clearly(staff, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(csv("A1,P1,2025-10-06,2025-10-08,SIC,,,"), encoding="utf-8-sig")
    call_command("import_absence", str(good))
    assert "1 absence record(s) were added" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(csv("A9,P1,2025-10-09,2025-10-01,SIC,,,"))
    with pytest.raises(CommandError, match="line 2, column end_date"):
        call_command("import_absence", str(bad))
    assert AbsenceRecord.objects.count() == 1


def test_an_overlap_with_a_stored_spell_names_the_files_row_and_the_stored_spell(staff):
    absence_import(data=csv("OLD1,P1,2025-10-06,2025-10-10,SIC,,,"))
    with pytest.raises(CsvImportError) as later:
        absence_import(
            data=csv("A2,P1,2025-11-03,2025-11-03,SIC,,,", "B1,P1,2025-10-09,2025-10-14,SIC,,,")
        )
    assert [str(p) for p in later.value.problems] == [
        "line 3, column start_date: spell 'B1' overlaps spell 'OLD1' of the same person "
        "(stored from an earlier import, 2025-10-06 to 2025-10-10)"
    ]
    # The file's spell starts first: still reported at its own row, never the stored spell twice.
    with pytest.raises(CsvImportError) as earlier:
        absence_import(data=csv("B2,P1,2025-10-01,2025-10-06,SIC,,,"))
    assert [str(p) for p in earlier.value.problems] == [
        "line 2, column end_date: spell 'B2' overlaps spell 'OLD1' of the same person "
        "(stored from an earlier import, 2025-10-06 to 2025-10-10)"
    ]
    assert list(AbsenceRecord.objects.values_list("record_id", flat=True)) == ["OLD1"]


@pytest.fixture
def refuse_record_boom():
    """A real database refusal mid-import: a CHECK constraint the import's checks don't know."""
    from django.db import connection

    table = connection.ops.quote_name(AbsenceRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT test_no_boom CHECK (record_id <> 'BOOM')"
        )


def test_a_database_error_mid_import_is_a_message_and_nothing_is_written(
    staff, refuse_record_boom, monkeypatch
):
    from absence import services as absence_services

    monkeypatch.setattr(absence_services, "BATCH", 1)  # A1 is written before BOOM is refused
    with pytest.raises(CsvImportError) as error:
        absence_import(
            data=csv("A1,P1,2025-10-06,2025-10-08,SIC,,,", "BOOM,P1,2025-11-03,2025-11-03,SIC,,,")
        )
    message = str(error.value)
    assert message.startswith("the database refused the import (IntegrityError: ")
    assert "test_no_boom" in message and message.endswith("nothing was written")
    assert not AbsenceRecord.objects.exists()


def test_a_database_error_on_the_command_and_the_page_is_a_message(
    staff, refuse_record_boom, tmp_path, client_for, cast
):
    path = tmp_path / "boom.csv"
    path.write_text(csv("BOOM,P1,2025-11-03,2025-11-03,SIC,,,"))
    with pytest.raises(CommandError, match="the database refused the import"):
        call_command("import_absence", str(path))
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    response = client_for(cast.hr).post(
        reverse("absence:import"),
        {"file": SimpleUploadedFile("boom.csv", path.read_bytes(), "text/csv")},
    )
    assert response.status_code == 200
    assert "the database refused the import (IntegrityError" in response.content.decode()
    assert not AbsenceRecord.objects.exists()
