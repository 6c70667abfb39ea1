"""Settings read from the environment, checked in a fresh Python process each time."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "SECRET_KEY": "k3Jx-9qLw2vR8sT1uY6zN4mB7cD0fG5hJ2kL9pQ3rS8tV1wX6yZ4aB7cE0fH5iK",
    "SURVEY_SEAL_KEY": "Zq4-8mWv1xR3tY7uI0oP5aS2dF6gH9jK1lZ4xC7vB0nM3qW6eR9tY2uI5oP8aS1d",
    "ALLOWED_HOSTS": "wellbeing.example.org",
    "DATABASE_URL": "postgres://portal@db.example.org:5432/portal",
    "REDIS_URL": "redis://cache.example.org:6379/0",
}
_DROP = {
    "DJANGO_DEBUG",
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_SECRET_KEY",
    "SURVEY_SEAL_KEY",
    "SURVEY_SEAL_OLD_KEYS",
    "DATABASE_URL",
    "REDIS_URL",
    "MICROSOFT_CLIENT_ID",
    "GOOGLE_CLIENT_ID",
    "REQUIRE_MFA",
    "EMAIL_HOST",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _run(args: list[str], **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in _DROP}
    clean["DJANGO_SETTINGS_MODULE"] = "wellbeing_portal.settings"
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(*names: str, **env) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))"
    )
    done = _run(["-c", code], **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_with_nothing_set_the_portal_uses_sqlite_eager_celery_and_console_email():
    found = _settings("DATABASES", "CELERY_TASK_ALWAYS_EAGER", "EMAIL_BACKEND", "DEBUG", "CACHES")

    assert found["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert found["DATABASES"]["default"]["NAME"] == str(ROOT / "db.sqlite3")
    assert found["CELERY_TASK_ALWAYS_EAGER"] is True
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert found["DEBUG"] is True
    # Sign-in's rate limits live in the database cache; live progress in process memory.
    assert found["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert "LocMemCache" in found["CACHES"]["progress"]["BACKEND"]


def test_database_url_and_redis_url_switch_to_postgresql_redis_and_a_real_broker():
    found = _settings(
        "DATABASES",
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_BROKER_URL",
        "CACHES",
        DATABASE_URL=PRODUCTION["DATABASE_URL"],
        REDIS_URL=PRODUCTION["REDIS_URL"],
    )

    assert found["DATABASES"]["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert found["DATABASES"]["default"]["HOST"] == "db.example.org"
    assert found["CELERY_TASK_ALWAYS_EAGER"] is False
    assert found["CELERY_BROKER_URL"] == PRODUCTION["REDIS_URL"]
    # Signing in never needs Redis: the default cache (rate limits) stays in the database.
    assert found["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert found["CACHES"]["progress"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_production_settings_pass_check_deploy_without_a_single_warning():
    done = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_settings_are_strict():
    found = _settings(
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "REQUIRE_MFA_FOR_PRIVILEGED_ROLES",
        "CONTENT_SECURITY_POLICY",
        "MIDDLEWARE",
        **PRODUCTION,
    )

    assert (
        found["SESSION_COOKIE_SECURE"]
        and found["CSRF_COOKIE_SECURE"]
        and found["SECURE_SSL_REDIRECT"]
    )
    assert found["SECURE_HSTS_SECONDS"] >= 31536000
    assert found["REQUIRE_MFA_FOR_PRIVILEGED_ROLES"] is True
    assert "csp.middleware.CSPMiddleware" in found["MIDDLEWARE"]
    assert found["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["script-src"] == ["'self'"]


def test_the_demo_may_switch_mfa_off_in_production():
    found = _settings("REQUIRE_MFA_FOR_PRIVILEGED_ROLES", REQUIRE_MFA="false", **PRODUCTION)

    assert found["REQUIRE_MFA_FOR_PRIVILEGED_ROLES"] is False


def test_a_missing_secret_key_with_debug_off_stops_the_portal_with_a_clear_message():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}

    done = _run(["manage.py", "check"], **env)

    assert done.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in done.stderr


def test_a_missing_survey_seal_key_with_debug_off_stops_the_portal():
    env = {k: v for k, v in PRODUCTION.items() if k != "SURVEY_SEAL_KEY"}

    done = _run(["manage.py", "check"], **env)

    assert done.returncode != 0
    assert "SURVEY_SEAL_KEY must be set when DEBUG is off" in done.stderr


def test_the_seal_key_is_its_own_setting_in_production_and_old_keys_are_listed():
    found = _settings(
        "SURVEY_SEAL_KEY",
        "SURVEY_SEAL_OLD_KEYS",
        SURVEY_SEAL_OLD_KEYS="old-one,old-two",
        **PRODUCTION,
    )

    assert found["SURVEY_SEAL_KEY"] == PRODUCTION["SURVEY_SEAL_KEY"]
    assert found["SURVEY_SEAL_OLD_KEYS"] == ["old-one", "old-two"]


def test_a_misspelt_boolean_is_refused_rather_than_guessed():
    done = _run(["manage.py", "check"], DJANGO_DEBUG="flase")

    assert done.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in done.stderr


def test_microsoft_and_google_sign_in_are_off_unless_configured():
    found = _settings("INSTALLED_APPS", "SOCIALACCOUNT_PROVIDERS")

    assert not [
        a for a in found["INSTALLED_APPS"] if a.startswith("allauth.socialaccount.providers")
    ]
    assert found["SOCIALACCOUNT_PROVIDERS"] == {}
    # Its tables always exist, so switching a provider on later needs no migrate.
    assert "allauth.socialaccount" in found["INSTALLED_APPS"]


@pytest.mark.django_db
def test_switching_sign_in_on_needs_no_migrate(django_db_blocker):
    """A fresh process with both client ids set serves the login page from the test database,
    which was migrated with them unset."""
    from django.db import connection

    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    code = (
        "import django; django.setup(); from django.test import Client; "
        "from allauth.socialaccount.models import SocialAccount; "
        "page = Client().get('/accounts/login/'); "
        "print(page.status_code, SocialAccount.objects.count(), "
        "'/accounts/microsoft/login/' in page.content.decode())"
    )
    done = _run(
        ["-c", code], DATABASE_URL=url, MICROSOFT_CLIENT_ID="ms-id", GOOGLE_CLIENT_ID="g-id"
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-3:] == ["200", "0", "True"]


@pytest.mark.parametrize(
    ("env", "provider"),
    [
        ({"MICROSOFT_CLIENT_ID": "ms-id", "MICROSOFT_CLIENT_SECRET": "ms-secret"}, "microsoft"),
        ({"GOOGLE_CLIENT_ID": "g-id", "GOOGLE_CLIENT_SECRET": "g-secret"}, "google"),
    ],
)
def test_setting_a_client_id_switches_that_sign_in_on(env, provider):
    found = _settings("INSTALLED_APPS", "SOCIALACCOUNT_PROVIDERS", **env)

    assert "allauth.socialaccount" in found["INSTALLED_APPS"]
    assert f"allauth.socialaccount.providers.{provider}" in found["INSTALLED_APPS"]
    assert list(found["SOCIALACCOUNT_PROVIDERS"]) == [provider]
    other = {"microsoft": "google", "google": "microsoft"}[provider]
    assert f"allauth.socialaccount.providers.{other}" not in found["INSTALLED_APPS"]


def test_with_both_sign_ins_configured_their_login_urls_exist():
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('microsoft_login'), reverse('google_login'))"
    )
    done = _run(["-c", code], MICROSOFT_CLIENT_ID="ms", GOOGLE_CLIENT_ID="g")

    assert done.returncode == 0, done.stderr
    assert "/accounts/microsoft/login/" in done.stdout and "/accounts/google/login/" in done.stdout


def _compose_binary():
    return shutil.which(
        "docker-compose", path=str(ROOT / ".venv" / "bin") + os.pathsep + os.environ.get("PATH", "")
    )


@pytest.mark.skipif(_compose_binary() is None, reason="no docker-compose binary to validate with")
def test_docker_compose_file_is_valid():
    done = subprocess.run(
        [_compose_binary(), "-f", "docker-compose.yml", "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "DOCKER_CONFIG": str(ROOT / ".venv" / "docker")},
    )

    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(_compose_binary() is None, reason="no docker-compose binary to validate with")
def test_docker_compose_runs_web_worker_beat_postgres_redis_and_a_mail_catcher():
    done = subprocess.run(
        [_compose_binary(), "-f", "docker-compose.yml", "config", "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "DOCKER_CONFIG": str(ROOT / ".venv" / "docker")},
    )
    assert done.returncode == 0, done.stderr
    services = json.loads(done.stdout)["services"]

    assert set(services) >= {"web", "worker", "beat", "postgres", "redis", "mailpit"}
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "worker" in services["worker"]["command"] and "beat" in services["beat"]["command"]
    for name in ("web", "postgres", "redis"):
        assert services[name].get("healthcheck"), name


def test_the_web_application_loads_warm_and_holds_no_connection_for_the_forked_workers():
    """gunicorn loads the application once and forks its workers from it (preload_app): they
    start with every view imported and the URL map built, and share no database connection."""
    code = (
        "import sys, runpy, wellbeing_portal.wsgi; from django.db import connections; "
        "from django.urls import get_resolver; "
        "print(runpy.run_path('gunicorn.conf.py')['preload_app'], "
        "'surveys.views.taking' in sys.modules, get_resolver()._populated, "
        "all(c.connection is None for c in connections.all()))"
    )
    done = _run(["-c", code])
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True", "True"]


def test_what_the_web_application_loads_is_frozen_out_of_the_garbage_collector():
    """Each worker's full collections skip the objects loaded before the fork (wsgi.py)."""
    code = "import gc, wellbeing_portal.wsgi; print(gc.get_freeze_count())"
    done = _run(["-c", code])
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 50_000
