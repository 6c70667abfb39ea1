"""A real Celery worker as a separate process, on the test database and Redis, that a test may
kill with SIGKILL; and a way to hold a job still mid-task without test code in the portal."""

import os
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import redis
from django.conf import settings
from django.db import connection

from tests.same_clock import python_on_test_clock

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The URL of the test database pytest-django created (the worker must use the same one)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = db.get("PORT") or 5432
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{port}/{db['NAME']}"


def broker_empty() -> None:
    """Start from an empty broker database: no queued or unacknowledged messages of other tests."""
    redis.Redis.from_url(settings.REDIS_URL).flushdb()


def worker_start(**env) -> subprocess.Popen:
    """`celery -A wellbeing_portal worker` with one process (solo pool), ready to take tasks."""
    process = subprocess.Popen(
        [
            *python_on_test_clock(),
            "-m",
            "celery",
            "-A",
            "wellbeing_portal",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "DATABASE_CONN_MAX_AGE": "0",
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return process


def worker_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(condition, *, timeout: float = 60, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@contextmanager
def table_locked(table: str):
    """Hold an exclusive lock on a table from another connection: a worker that reaches a query on
    it waits there, deterministically, until the lock is released."""
    db = connection.settings_dict
    locker = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        host=db["HOST"] or "127.0.0.1",
        port=db.get("PORT") or 5432,
    )
    try:
        with locker.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
        yield
    finally:
        locker.rollback()
        locker.close()


def someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0
