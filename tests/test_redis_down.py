"""Redis is not needed to sign in: the portal served with its broker on a closed port.

The server is a real `manage.py runserver` process on the test database whose REDIS_URL points at
a port nobody listens on. Sign-in, password reset, sign-in codes, taking a survey and reading
pages work; starting a report build says it is queued and leaves the job in the database, and it
goes out once Redis is back.
"""

import os
import re
import socket
import subprocess
import time

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from dashboards.models import ReportBuild
from notifications.outbox import outbox_sweep
from tests.absence.world import SUMMER, terms
from tests.same_clock import python_on_test_clock
from tests.surveys.helpers import make_round
from tests.worker_process import ROOT, broker_empty, database_url, wait_for
from wellbeing_portal.celery import app

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_DOWN = "redis://127.0.0.1:1/0"
PASSWORD = "a-long-test-pass-phrase"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server_without_redis(tmp_path):
    """The portal served by runserver with Redis unreachable; its email printed to a file."""
    port = _free_port()
    output = (tmp_path / "server.out").open("w")
    process = subprocess.Popen(
        [*python_on_test_clock(), "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": REDIS_DOWN,
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "PYTHONUNBUFFERED": "1",
        },
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return requests.get(base + "/health/", timeout=2).status_code < 500
        except requests.ConnectionError:
            return False

    try:
        wait_for(up, timeout=60, what="the server")
        yield base, lambda: (tmp_path / "server.out").read_text()
    finally:
        process.terminate()
        process.wait(timeout=20)
        output.close()


def _with_password(user):
    # The server uses the portal's own password hashers, not the tests' fast MD5 one.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "testsalt1234", iterations=1000)
    user.save(update_fields=["password"])
    return user


def _signed_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    session.get(base + reverse("account_login"), timeout=10)
    response = session.post(
        base + reverse("account_login"),
        data={
            "login": email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302 and "sessionid" in session.cookies, response.text[:500]
    return session


def _post(session, url, data, **kwargs):
    return session.post(
        url,
        data={**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=20,
        **kwargs,
    )


def test_with_redis_down_people_sign_in_reset_passwords_take_surveys_and_read_pages(
    server_without_redis, cast, request
):
    base, server_output = server_without_redis
    terms()
    survey_round = make_round(instruments=("ons4",))
    _with_password(cast.hr)
    _with_password(cast.staff_a)

    hr = _signed_in(base, "hr@example.org")
    for path in ("/", reverse("dashboards:reports"), reverse("absence:import")):
        assert hr.get(base + path, timeout=20).status_code == 200, path

    # Starting work that needs the worker: queued in the database, and the page says so, quickly.
    started = time.monotonic()
    page = _post(hr, base + reverse("dashboards:report_build"), {"term": SUMMER})
    assert time.monotonic() - started < 10
    assert page.status_code == 200
    assert "queued; it will start when the background worker is reachable" in page.text
    build = ReportBuild.objects.get()
    assert build.status == ReportBuild.Status.QUEUED and build.dispatched_at is None

    staff = _signed_in(base, "staff.a@example.org")
    take = base + f"/surveys/take/{survey_round.slug}/"
    assert staff.get(take, timeout=20).status_code == 200
    answered = _post(
        staff,
        take + "page-1/",
        {"ons4_life_satisfaction": "7", "ons4_anxiety": "3"},
        allow_redirects=False,
    )
    # The next page comes straight back, carrying the answers so far in the form itself.
    assert answered.status_code == 200 and "Page 2 of" in answered.text

    anonymous = requests.Session()
    anonymous.get(base + reverse("account_reset_password"), timeout=10)
    reset = _post(anonymous, base + reverse("account_reset_password"), {"email": "hr@example.org"})
    assert reset.status_code == 200
    anonymous.get(base + reverse("account_request_login_code"), timeout=10)
    code = _post(
        anonymous, base + reverse("account_request_login_code"), {"email": "staff.a@example.org"}
    )
    assert code.status_code == 200
    wait_for(lambda: "/accounts/password/reset/key/" in server_output(), what="the reset email")
    assert re.search(r"^\s*[A-Z0-9]{4}-[A-Z0-9]{4}\s*$", server_output(), re.M)  # sign-in code
    assert " 500 " not in server_output()

    # Redis is back (this process uses the real one): the sweep sends the build to a worker.
    broker_empty()
    app.conf.task_always_eager = False
    assert outbox_sweep()["jobs_sent"] == 1
    request.getfixturevalue("celery_worker")
    wait_for(
        lambda: ReportBuild.objects.get().status == ReportBuild.Status.DONE,
        timeout=120,
        what="the build queued while Redis was down",
    )
