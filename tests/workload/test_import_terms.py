from datetime import date

import pytest
from django.core.management import CommandError, call_command

from school_calendar.models import Term
from school_calendar.terms import term_dates

GOOD = (
    "\ufeffacademic_year,term,first_day,last_day,half_term_first_day,half_term_last_day,school_urn,notes\n"
    "2025-26,autumn,2025-09-01,2025-12-19,2025-10-27,2025-10-31,,INSET 1 Sep\n"
    " 2025-26 , spring ,05/01/2026,27/03/2026,16/02/2026,20/02/2026,,\n"
    "2025-26,summer,2026-04-13,2026-07-20,,,,\n"
    "2025-26,autumn,2025-09-03,2025-12-19,2025-10-20,2025-10-31,100001,\n"
)


def write(tmp_path, text):
    path = tmp_path / "terms.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_terms_creates_trust_and_school_rows(cast, tmp_path, capsys):
    call_command("import_terms", write(tmp_path, GOOD))
    assert "4 term(s) were added" in capsys.readouterr().out
    assert Term.objects.count() == 4
    assert term_dates("2025-26-spring").half_term_first_day == date(2026, 2, 16)
    assert term_dates("2025-26-summer").half_term_first_day is None
    assert term_dates("2025-26-autumn", cast.school_a).first_day == date(2025, 9, 3)


def test_reimport_updates_rather_than_duplicates(cast, tmp_path, capsys):
    call_command("import_terms", write(tmp_path, GOOD))
    call_command("import_terms", write(tmp_path, GOOD.replace("2026-07-20", "2026-07-21")))
    assert "0 term(s) were added, 1 updated, 3 unchanged" in capsys.readouterr().out
    assert Term.objects.count() == 4
    assert term_dates("2025-26-summer").last_day == date(2026, 7, 21)


def test_dry_run_writes_nothing(cast, tmp_path, capsys):
    call_command("import_terms", write(tmp_path, GOOD), "--dry-run")
    assert "Check only: 4 term(s) would be added" in capsys.readouterr().out
    assert not Term.objects.exists()


@pytest.mark.parametrize(
    "row, message",
    [
        ("2025-27,autumn,2025-09-01,2025-12-19,,,", "line 2, column academic_year"),
        ("2025-26,winter,2025-09-01,2025-12-19,,,", "line 2, column term: 'winter' is not one of"),
        (
            "2025-26,autumn,2025-12-19,2025-09-01,,,",
            "line 2, column last_day: The last day is before the first day.",
        ),
        (
            "2025-26,autumn,2025-09-01,19.12.2025,,,",
            "line 2, column last_day: '19.12.2025' is not a date",
        ),
        (
            "2025-26,autumn,2025-09-01,2025-12-19,2025-10-27,,",
            "line 2, column half_term_last_day: Give both half-term days",
        ),
        ("2025-26,autumn,2025-09-01,2025-12-19,2025-08-27,2025-08-31,", "must lie inside the term"),
        (
            "2025-26,autumn,2025-09-01,2025-12-19,,,999999",
            "line 2, column school_urn: no school has URN",
        ),
        ("2025-26,autumn,2027-09-01,2027-12-19,,,", "not inside the academic year 2025-26"),
    ],
)
def test_bad_rows_are_refused_with_line_and_column(cast, tmp_path, row, message):
    header = (
        "academic_year,term,first_day,last_day,half_term_first_day,half_term_last_day,school_urn\n"
    )
    text = header + row + "\n2025-26,spring,2026-01-05,2026-03-27,,,\n"
    with pytest.raises(CommandError) as error:
        call_command("import_terms", write(tmp_path, text))
    assert message in str(error.value)
    assert "nothing was imported" in str(error.value)
    assert not Term.objects.exists()


def test_a_repeated_or_overlapping_term_is_refused(cast, tmp_path):
    text = (
        "academic_year,term,first_day,last_day\n"
        "2025-26,autumn,2025-09-01,2025-12-19\n"
        "2025-26,spring,2025-12-01,2026-03-27\n"
        "2025-26,autumn,2025-09-01,2025-12-19\n"
    )
    with pytest.raises(CommandError) as error:
        call_command("import_terms", write(tmp_path, text))
    assert "line 3, column first_day: overlaps the term on line" in str(error.value)
    assert "line 4, column term: the same term is already on line 2" in str(error.value)


def test_missing_columns_and_missing_file_are_clear(db, tmp_path):
    with pytest.raises(CommandError, match="line 1, column last_day: required column is missing"):
        call_command("import_terms", write(tmp_path, "academic_year,term,first_day\n"))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_terms", str(tmp_path / "nope.csv"))
