import pytest
from django.core.management import CommandError, call_command

from people.models import StaffMember
from tests.people.helpers import GOOD, staff_csv

pytestmark = pytest.mark.django_db


def _run(tmp_path, text, *args):
    path = tmp_path / "staff.csv"
    path.write_text(text, encoding="utf-8")
    out = __import__("io").StringIO()
    call_command("import_staff", str(path), *args, stdout=out)
    return out.getvalue()


def test_the_command_imports_a_good_file_and_reports_counts(cast, tmp_path):
    output = _run(tmp_path, GOOD)

    assert "3 staff were added, 0 updated, 0 unchanged" in output
    assert StaffMember.objects.filter(staff_id__in=["T001", "T002", "T003"]).count() == 3


def test_the_same_file_again_reports_nothing_changed(cast, tmp_path):
    _run(tmp_path, GOOD)

    assert "0 staff were added, 0 updated, 3 unchanged" in _run(tmp_path, GOOD)


def test_a_bad_file_fails_with_the_line_number_and_imports_nothing(cast, tmp_path):
    bad = GOOD + "T004,dan@example.org,Dan,Doe,100001,teaching,,1,,not-a-date,\n"

    with pytest.raises(CommandError) as caught:
        _run(tmp_path, bad)

    message = str(caught.value)
    assert "nothing was imported" in message
    assert "line 5, column start_date: 'not-a-date' is not a date" in message
    assert not StaffMember.objects.filter(staff_id__startswith="T00").exists()


def test_dry_run_reports_without_writing(cast, tmp_path):
    output = _run(tmp_path, GOOD, "--dry-run")

    assert output.startswith("Check only: 3 staff would be added")
    assert not StaffMember.objects.filter(staff_id="T001").exists()


def test_a_missing_file_is_a_clear_error(cast, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_staff", str(tmp_path / "missing.csv"))


def test_the_command_exits_non_zero_from_the_shell(cast, tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings
    from django.db import connection

    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    path = tmp_path / "bad.csv"
    path.write_text(staff_csv("T1,a@example.org,A,A,,cleaner,,1,,2020-09-01,"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "manage.py", "import_staff", str(path), "--dry-run"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode != 0
    assert "line 2, column role_group" in done.stderr
