"""backup_database and restore_database: a dump restored into a fresh PostgreSQL database holds
the same rows, a failed restore changes nothing, and SQLite files are copied."""

import sqlite3
import stat
import uuid
from contextlib import closing
from datetime import date
from urllib.parse import quote

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from absence.models import AbsenceRecord
from people import backups
from people.models import School, StaffMember, Trust, User
from tests.factories import SchoolFactory, StaffMemberFactory, TrustFactory, UserFactory


def _url(name: str) -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{quote(db['USER'])}{password}@{db['HOST']}:{db['PORT']}/{name}"


def _admin_sql(statement: str) -> None:
    with closing(psycopg2.connect(_url("postgres"))) as admin:
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(statement)


@pytest.fixture
def fresh_database():
    """An empty database beside the test database, dropped afterwards."""
    name = f"wp_restore_{uuid.uuid4().hex[:12]}"
    _admin_sql(f'CREATE DATABASE "{name}"')
    yield name
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _world() -> None:
    TrustFactory(name="Backup Learning Trust")
    alder = SchoolFactory(urn="100001", name="Alder Primary School")
    birch = SchoolFactory(urn="100002", name="Birch Academy", phase=School.Phase.SECONDARY)
    ann = StaffMemberFactory(staff_id="T001", school=alder, user=UserFactory(email="ann@x.org"))
    bob = StaffMemberFactory(staff_id="T002", school=birch, user=UserFactory(email="bob@x.org"))
    StaffMemberFactory(staff_id="C001", school=None, user=UserFactory(email="cat@x.org"))
    spells = [
        ("A1", ann, date(2026, 9, 14), date(2026, 9, 18), "SIC", "mental_health"),
        ("A2", ann, date(2026, 10, 5), date(2026, 10, 5), "TRN", ""),
        ("B1", bob, date(2026, 11, 2), date(2026, 11, 20), "SIC", "musculoskeletal"),
    ]
    for record_id, staff, start, end, category, reason in spells:
        AbsenceRecord.objects.create(
            record_id=record_id,
            staff=staff,
            start_date=start,
            end_date=end,
            category=category,
            reason=reason,
        )


QUERIES = {
    "trusts": f"SELECT name FROM {Trust._meta.db_table} ORDER BY name",
    "schools": f"SELECT urn, name, phase FROM {School._meta.db_table} ORDER BY urn",
    "staff": (
        f"SELECT s.staff_id, u.email, s.fte FROM {StaffMember._meta.db_table} s "
        f"JOIN {User._meta.db_table} u ON u.id = s.user_id ORDER BY s.staff_id"
    ),
    "absence": (
        f"SELECT a.record_id, s.staff_id, a.start_date, a.end_date, a.category, a.reason "
        f"FROM {AbsenceRecord._meta.db_table} a JOIN {StaffMember._meta.db_table} s "
        "ON s.id = a.staff_id ORDER BY a.record_id"
    ),
}


def _snapshot(database_url: str) -> dict:
    with closing(psycopg2.connect(database_url)) as db, db.cursor() as cursor:
        found = {}
        for key, query in QUERIES.items():
            cursor.execute(query)
            found[key] = cursor.fetchall()
        return found


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_holds_the_same_rows(tmp_path, fresh_database):
    _world()
    original = _snapshot(_url(connection.settings_dict["NAME"]))
    dump = tmp_path / "portal.dump"

    call_command("backup_database", str(dump))
    call_command(
        "restore_database", str(dump), database_url=_url(fresh_database), interactive=False
    )

    restored = _snapshot(_url(fresh_database))
    assert restored == original
    assert len(restored["absence"]) == 3 and restored["absence"][0][5] == "mental_health"
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600


@pytest.mark.django_db(transaction=True)
def test_a_restore_that_fails_part_way_changes_nothing(tmp_path, fresh_database):
    _world()
    dump = tmp_path / "portal.dump"
    call_command("backup_database", str(dump))
    target = _url(fresh_database)
    call_command("restore_database", str(dump), database_url=target, interactive=False)
    # Rows changed since the backup, and a view the dump knows nothing about: pg_restore cannot
    # drop the schools table under it, after it has already dropped other tables.
    with closing(psycopg2.connect(target)) as db, db.cursor() as cursor:
        cursor.execute(f"UPDATE {School._meta.db_table} SET name = 'Changed since the backup'")
        cursor.execute(f"CREATE VIEW school_names AS SELECT name FROM {School._meta.db_table}")
        db.commit()
    before = _snapshot(target)

    with pytest.raises(CommandError, match="pg_restore failed") as refused:
        call_command("restore_database", str(dump), database_url=target, interactive=False)

    assert "Nothing was changed" in str(refused.value)
    assert _snapshot(target) == before


@pytest.mark.django_db
def test_a_file_that_is_not_a_dump_is_refused_before_anything_is_touched(tmp_path):
    SchoolFactory(urn="100001")
    not_a_dump = tmp_path / "staff.csv"
    not_a_dump.write_text("staff_id,email\nT001,ann@x.org\n")

    with pytest.raises(CommandError, match="not a pg_dump custom-format archive"):
        call_command("restore_database", str(not_a_dump), interactive=False)

    assert School.objects.filter(urn="100001").exists()


@pytest.mark.django_db
def test_an_older_pg_dump_than_the_server_is_named_with_the_client_to_install(
    tmp_path, monkeypatch
):
    tools = tmp_path / "bin"
    tools.mkdir()
    old = tools / "pg_dump"
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    old.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}:/usr/bin:/bin")

    with pytest.raises(CommandError, match=r"pg_dump is version 9 .* install postgresql-client-"):
        call_command("backup_database", str(tmp_path / "portal.dump"))

    assert not (tmp_path / "portal.dump").exists()


def test_the_embedded_sqlite_database_is_backed_up_and_restored_by_copying(tmp_path):
    live = tmp_path / "db.sqlite3"
    with closing(sqlite3.connect(live)) as db:
        db.execute("CREATE TABLE school (urn TEXT)")
        db.execute("INSERT INTO school VALUES ('100001')")
        db.commit()
    sqlite_db = {"ENGINE": backups.SQLITE_ENGINE, "NAME": str(live)}
    copy = tmp_path / "backups" / "portal.sqlite3"

    backups.backup(sqlite_db, copy)
    with closing(sqlite3.connect(live)) as db:
        db.execute("DELETE FROM school")
        db.commit()
    backups.restore(sqlite_db, copy)

    with closing(sqlite3.connect(live)) as db:
        assert db.execute("SELECT urn FROM school").fetchall() == [("100001",)]
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("not a database")
    with pytest.raises(backups.BackupError, match="not a SQLite database file"):
        backups.restore(sqlite_db, not_sqlite)
