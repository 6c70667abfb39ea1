"""docs/commands.md commands: argument names, bad input refused clearly with nothing changed."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from absence.models import AbsenceRecord
from dashboards.models import ReportBuild, TermlyReport
from people.models import StaffMember
from school_calendar.models import Term
from surveys.models import Round
from tests.absence.world import SUMMER, hand_made_school

pytestmark = pytest.mark.django_db

BAD_TERMS = ["2026-27-winter", "2026-28-autumn", "2026-27", "26-27-autumn", "2026/27-autumn", ""]


@pytest.mark.parametrize("term", BAD_TERMS)
def test_report_commands_refuse_a_bad_term_and_build_nothing(term):
    for args in (["build_termly_report"], ["export_report", "--format", "json"]):
        with pytest.raises(CommandError):
            call_command(*args, "--term", term)
    assert not ReportBuild.objects.exists() and not TermlyReport.objects.exists()


def test_a_term_without_dates_is_refused_clearly():
    with pytest.raises(CommandError, match="no dates"):
        call_command("build_termly_report", "--term", "2030-31-spring")
    assert not ReportBuild.objects.exists()


def test_build_prints_the_reports_id_and_export_reads_the_latest(capsys):
    hand_made_school()
    call_command("build_termly_report", "--term", SUMMER)
    call_command("build_termly_report", "--term", SUMMER)
    printed = capsys.readouterr().out.split()
    latest = TermlyReport.objects.get(term_key=SUMMER, version=2)
    assert printed[-1] == str(latest.pk)
    call_command("export_report", "--term", SUMMER, "--format", "json")
    assert '"version": 2' in capsys.readouterr().out
    with pytest.raises(CommandError, match="no report"):
        call_command("export_report", "--term", "2025-26-spring", "--format", "csv")


@pytest.mark.parametrize(
    "command,extra",
    [
        ("import_staff", []),
        ("import_terms", []),
        ("import_absence", []),
        ("load_instrument", []),
        ("import_responses", ["--round", "old-provider"]),
    ],
)
def test_a_missing_file_is_a_clear_error(command, extra, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command(command, str(tmp_path / "missing.csv"), *extra)
    assert not Round.objects.filter(slug="old-provider").exists()


def test_every_import_has_a_dry_run_that_writes_nothing(tmp_path):
    school = hand_made_school()
    staff = tmp_path / "staff.csv"
    staff.write_text(
        "staff_id,email,first_name,last_name,school_urn,role_group,fte,start_date\n"
        f"N1,new@example.org,New,Person,{school.urn},teaching,1,2020-09-01\n"
    )
    terms = tmp_path / "terms.csv"
    terms.write_text(
        "academic_year,term,first_day,last_day\n2026-27,spring,2027-01-04,2027-03-26\n"
    )
    before = StaffMember.objects.count(), Term.objects.count(), AbsenceRecord.objects.count()
    call_command("import_staff", str(staff), "--dry-run")
    call_command("import_terms", str(terms), "--dry-run")
    absence = tmp_path / "absence.csv"
    staff_id = StaffMember.objects.filter(end_date=None, start_date__year=2015).first().staff_id
    absence.write_text(
        "record_id,staff_id,start_date,end_date,category\n"
        f"Z1,{staff_id},2026-07-01,2026-07-01,SIC\n"
    )
    call_command("import_absence", str(absence), "--dry-run")
    after = StaffMember.objects.count(), Term.objects.count(), AbsenceRecord.objects.count()
    assert before == after


def test_export_survey_results_refuses_an_unknown_round():
    with pytest.raises(CommandError, match="no survey round has the slug 'nope'"):
        call_command("export_survey_results", "nope", "--format", "json")


def test_import_responses_refuses_an_unknown_item_and_an_off_scale_value(tmp_path):
    hand_made_school()
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("school_urn,role_group,not_an_item\n200001,teaching,3\n")
    with pytest.raises(CommandError, match="line 1, column not_an_item"):
        call_command("import_responses", str(unknown), "--round", "old")
    off = tmp_path / "off.csv"
    off.write_text("school_urn,role_group,ons4_anxiety\n200001,teaching,11\n200001,support,\n")
    with pytest.raises(CommandError, match="line 2, column ons4_anxiety"):
        call_command("import_responses", str(off), "--round", "old")
    bad_date = tmp_path / "ok.csv"
    bad_date.write_text("school_urn,role_group,ons4_anxiety\n200001,teaching,3\n")
    with pytest.raises(CommandError, match="--closed"):
        call_command("import_responses", str(bad_date), "--round", "old", "--closed", "June")
    assert not Round.objects.filter(slug="old").exists()


def test_import_responses_takes_the_documented_options(tmp_path):
    hand_made_school()
    path = tmp_path / "ok.csv"
    path.write_text("school_urn,role_group,ons4_anxiety\n200001,teaching,3\n")
    call_command(
        "import_responses",
        str(path),
        "--round",
        "old",
        "--title",
        "Old provider 2024",
        "--closed",
        "2024-07-01",
        "--min-group-size",
        "4",
    )
    imported = Round.objects.get(slug="old")
    assert imported.title == "Old provider 2024" and imported.min_group_size == 4
    assert imported.closed_on == date(2024, 7, 1) and imported.imported
