"""Back up and restore the portal's database (the backup_database / restore_database commands).

PostgreSQL goes through its own tools: pg_dump's custom format out, pg_restore in, in one
transaction so that a restore which fails part-way leaves the database as it was. A SQLite file
(the embedded default) is copied with SQLite's online backup, which is consistent even while
the portal is running.

Connection details go to the tools through PG* environment variables, so the password never
appears in the process list.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path

import dj_database_url
import psycopg2
from django.conf import settings

POSTGRES_ENGINES = ("django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis")
SQLITE_ENGINE = "django.db.backends.sqlite3"
DUMP_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """Something an operator can fix; the message says what."""


def database_settings(database_url: str | None = None) -> dict:
    """The configured default database, or the one a URL names."""
    if database_url:
        return dj_database_url.parse(database_url)
    return settings.DATABASES["default"]


def describe(db: dict) -> str:
    """The database's name and server, without its password, for messages."""
    if db["ENGINE"] == SQLITE_ENGINE:
        return f"SQLite file {db['NAME']}"
    return f"PostgreSQL database {db['NAME']!r} on {db.get('HOST') or 'the local socket'}"


def backup(db: dict, destination: Path) -> int:
    """Write a backup of db to destination (readable by its owner only); returns its size."""
    destination = Path(destination)
    if destination.is_dir():
        raise BackupError(f"{destination} is a folder: give the backup file's name.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the destination and renamed at the end, so a failed backup never leaves a
    # truncated file that looks like a good one.
    handle, partial = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.")
    os.close(handle)
    partial = Path(partial)
    try:
        if db["ENGINE"] in POSTGRES_ENGINES:
            _check_client_version(db, "pg_dump")
            _run(["pg_dump", "--format=custom", "--file", str(partial)], db)
        elif db["ENGINE"] == SQLITE_ENGINE:
            _sqlite_copy(Path(db["NAME"]), partial)
        else:
            raise BackupError(f"Cannot back up a {db['ENGINE']} database.")
        partial.chmod(0o600)
        partial.replace(destination)
    finally:
        partial.unlink(missing_ok=True)
    return destination.stat().st_size


def restore(db: dict, source: Path) -> None:
    """Replace everything in db with the backup in source; on failure db is left unchanged."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    with source.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if db["ENGINE"] in POSTGRES_ENGINES:
        if not head.startswith(DUMP_MAGIC):
            raise BackupError(
                f"{source} is not a pg_dump custom-format archive (make one with backup_database)."
            )
        _check_client_version(db, "pg_restore")
        # --no-owner and --no-privileges: the restoring role may differ from the one that made
        # the dump (say, `portal` in docker compose and `postgres` elsewhere).
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--dbname",
                db["NAME"],
                str(source),
            ],
            db,
        )
    elif db["ENGINE"] == SQLITE_ENGINE:
        if head != SQLITE_MAGIC:
            raise BackupError(f"{source} is not a SQLite database file.")
        _sqlite_copy(source, Path(db["NAME"]))
    else:
        raise BackupError(f"Cannot restore a {db['ENGINE']} database.")


def _sqlite_copy(source: Path, destination: Path) -> None:
    if not source.is_file():
        raise BackupError(f"There is no SQLite file at {source}.")
    with (
        closing(sqlite3.connect(source)) as origin,
        closing(sqlite3.connect(destination)) as target,
    ):
        origin.backup(target)


def _libpq_parameters(db: dict) -> dict:
    parameters = {
        "dbname": db["NAME"],
        "user": db.get("USER"),
        "password": db.get("PASSWORD"),
        "host": db.get("HOST"),
        "port": db.get("PORT"),
        "sslmode": (db.get("OPTIONS") or {}).get("sslmode"),
    }
    return {key: str(value) for key, value in parameters.items() if value}


def _environment(db: dict) -> dict:
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST"}
    names |= {"port": "PGPORT", "sslmode": "PGSSLMODE"}
    return {**os.environ, **{names[k]: v for k, v in _libpq_parameters(db).items()}}


def _run(command: list[str], db: dict) -> None:
    _require_tool(command[0])
    done = subprocess.run(command, env=_environment(db), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed for {describe(db)}:\n{done.stderr.strip()}")


def _require_tool(tool: str) -> None:
    if shutil.which(tool) is None:
        raise BackupError(
            f"{tool} is not installed: install PostgreSQL's client tools "
            "(on Debian: apt-get install postgresql-client)."
        )


def _check_client_version(db: dict, tool: str) -> None:
    """pg_dump refuses a server newer than itself, and pg_restore may not read a newer dump:
    say which client to install before starting."""
    _require_tool(tool)
    version = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout
    found = re.search(r"\) (\d+)", version) or re.search(r"(\d+)\.", version)
    if found is None:
        raise BackupError(f"Cannot read {tool}'s version from {version.strip()!r}.")
    client = int(found.group(1))
    try:
        connection = psycopg2.connect(**_libpq_parameters(db))
    except psycopg2.OperationalError as error:
        raise BackupError(f"Cannot connect to {describe(db)}: {error}".strip()) from error
    try:
        server = connection.server_version // 10000
    finally:
        connection.close()
    if client < server:
        raise BackupError(
            f"{tool} is version {client} but the server runs PostgreSQL {server}: install "
            f"postgresql-client-{server}, or run the command where the server's own tools are "
            "(for docker compose, inside the postgres container)."
        )
