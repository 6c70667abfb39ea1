"""Benchmark: submitting a 50-question survey under load; building results of 20,000 responses.

Run against a separate PostgreSQL database (created if missing), e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wp_surveys_bench \
        .venv/bin/python benchmarks/surveys_bench.py

1. Submit: this process and a second process each submit BENCH_SUBMITS responses (50 answers each)
   to one open round at the same time, through the portal's submission service (locking the
   writing one sealed, padded row with the person's token and nothing else). Latency p50/p95
   is measured in this process while the other keeps the database busy.
2. Results: 20,000 responses to a closed 50-question round (5 schools, both role groups), then
   the results are built and stored once.
3. The results page is requested for a 1,000-response and a 20,000-response round and its
   queries counted: the count must be the same.

Before 1, the same is measured over HTTP, as staff experience it: gunicorn serves the portal
(DEBUG off, plain http on 127.0.0.1) and this process and a second process each take the survey
for BENCH_HTTP_USERS people at once, page by page as a browser does (GET each page, POST its
answers with the CSRF token and the earlier pages' answers carried in hidden fields; the
reply is the next page). Each person is signed in by a session made
directly (no password hashing). Latency of the page POSTs and of the final submit POST is measured
in this process; gunicorn is stopped at the end.
"""

import gc
import http.client
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellbeing_portal.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wp_surveys_bench")
os.environ["REDIS_URL"] = ""  # inline: the benchmark times the work, not the queue
# As in production: with DEBUG on, Django keeps every query's SQL (megabytes for bulk inserts).
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
os.environ.setdefault("SURVEY_SEAL_KEY", "benchmark-only-seal-key-not-a-secret")
os.environ.setdefault("REQUIRE_MFA", "false")  # the benchmark's HR account has no second factor

SUBMITS = int(os.environ.get("BENCH_SUBMITS", 400))
RESPONSES = int(os.environ.get("BENCH_RESPONSES", 20_000))
HTTP_USERS = int(os.environ.get("BENCH_HTTP_USERS", 200))
HTTP_WORKERS = int(os.environ.get("BENCH_HTTP_WORKERS", 2))
URNS = ["900001", "900002", "900003", "900004", "900005"]


def _create_database() -> None:
    import psycopg2

    url = urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    connection = psycopg2.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def _setup_django():
    import django

    django.setup()


def _answers(questions, rng):
    answers = {}
    for q in questions:
        if q.kind == "text":
            answers[q.key] = "Benchmark comment about workload."
        elif q.kind == "multiple":
            answers[q.key] = [str(v) for v in rng.sample(q.values, 2)]
        else:
            answers[q.key] = str(rng.choice(q.values))
    return answers


def _fifty_question_round(slug, *, closed=False):
    from django.utils import timezone

    from surveys import services
    from surveys.instruments import builtin_instruments_load
    from surveys.models import Instrument, Round

    Round.objects.filter(slug=slug).delete()
    builtin_instruments_load()
    now = timezone.now()
    survey_round = services.round_create(
        title=slug,
        slug=slug,
        opens_at=now - timedelta(days=20 if closed else 1),
        closes_at=now - timedelta(days=1) if closed else now + timedelta(days=10),
        min_group_size=5,
    )
    for key in ("ons4", "hse-msit"):  # 4 + 35 items
        services.round_instrument_add(
            survey_round=survey_round, instrument=Instrument.objects.get(key=key)
        )
    for index in range(8):
        services.question_add(
            survey_round=survey_round, text=f"Custom agreement {index}", kind="agree5"
        )
    services.question_add(
        survey_round=survey_round, text="Which helps?", kind="single", options=["A", "B", "C"]
    )
    services.question_add(
        survey_round=survey_round,
        text="Which apply?",
        kind="multiple",
        options=["A", "B", "C", "D"],
    )
    services.question_add(survey_round=survey_round, text="Anything else?", kind="text")
    survey_round.published = True
    survey_round.save(update_fields=["published"])
    assert survey_round.questions.count() == 50
    return survey_round


def _staff(prefix, count):
    from datetime import date
    from decimal import Decimal

    from people.models import School, StaffMember, Trust, User

    trust = Trust.current()
    schools = [
        School.objects.update_or_create(
            urn=u, defaults={"trust": trust, "name": f"Bench school {u}"}
        )[0]
        for u in URNS
    ]
    emails = [f"{prefix}{i}@bench.example.org" for i in range(count)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    users = [User(email=e) for e in emails if e not in existing]
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users)
    by_email = {u.email: u for u in User.objects.filter(email__in=emails)}
    have = set(
        StaffMember.objects.filter(user__email__in=emails).values_list("user__email", flat=True)
    )
    StaffMember.objects.bulk_create(
        StaffMember(
            user=by_email[e],
            staff_id=f"B-{e.split('@')[0]}",
            school=schools[i % len(schools)],
            role_group="teaching" if i % 3 else "support",
            fte=Decimal("1"),
            start_date=date(2020, 9, 1),
        )
        for i, e in enumerate(emails)
        if e not in have
    )
    return [by_email[e] for e in emails]


def _submit_all(prefix, slug, barrier=None):
    """Submit one response for each bench user with this prefix; returns latencies in ms."""
    from surveys import responding
    from surveys.models import Round

    survey_round = Round.objects.get(slug=slug)
    questions = list(survey_round.questions.all())
    users = _staff(prefix, SUBMITS)
    rng = random.Random(prefix)
    if barrier is not None:
        barrier.wait()
    latencies = []
    for user in users:
        answers = _answers(questions, rng)
        started = time.perf_counter()
        responding.response_submit(survey_round=survey_round, user=user, answers=answers)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def _second_process(slug, barrier, queue):
    _setup_django()
    latencies = _submit_all("other", slug, barrier)
    queue.put(latencies)


def _pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bench_submit():
    from django.db import connection

    slug = "bench-submit"
    _fifty_question_round(slug)
    _staff("main", SUBMITS)
    _staff("other", SUBMITS)
    connection.close()
    context = multiprocessing.get_context("spawn")
    barrier, queue = context.Barrier(2), context.Queue()
    other = context.Process(target=_second_process, args=(slug, barrier, queue))
    other.start()
    started = time.perf_counter()
    mine = _submit_all("main", slug, barrier)
    theirs = queue.get(timeout=600)
    other.join()
    wall = time.perf_counter() - started
    from surveys.models import PendingResponse, Response

    # Submissions wait sealed in PendingResponse until a batch is written out.
    total = (
        Response.objects.filter(round__slug=slug).count()
        + PendingResponse.objects.filter(round__slug=slug).count()
    )
    print(
        f"submit: {len(mine)} + {len(theirs)} responses of 50 questions from two processes at once "
        f"({total} stored) in {wall:.1f} s = {total / wall:.0f} submissions/s"
    )
    print(
        f"submit latency, this process under load: p50 {statistics.median(mine):.1f} ms, "
        f"p95 {_pct(mine, 95):.1f} ms, max {max(mine):.1f} ms"
    )
    print(
        f"submit latency, second process: p50 {statistics.median(theirs):.1f} ms, "
        f"p95 {_pct(theirs, 95):.1f} ms"
    )


# --- submitting over HTTP ---------------------------------------------------------------------

HOST = "127.0.0.1"
MAX_PAGES = 60  # a walk that goes on longer than this is a bug, not a slow page
COMMENT = "Benchmark comment about workload."


class _SurveyForm(HTMLParser):
    """The fields of the page's survey form (class survey-form), as a browser would send them."""

    def __init__(self, html: str):
        super().__init__()
        self.inside = False
        self.hidden: list[tuple[str, str]] = []
        self.action = ""
        self.choices: dict[str, tuple[str, list[str]]] = {}  # name: (radio|checkbox, values)
        self.texts: list[str] = []
        self.buttons: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = "survey-form" in (attrs.get("class") or "").split()
            if self.inside:
                self.action = attrs.get("action") or ""
        elif not self.inside or not attrs.get("name"):
            return
        elif tag == "textarea":
            self.texts.append(attrs["name"])
        elif tag == "button" and attrs.get("type") == "submit":
            self.buttons[attrs["name"]] = attrs.get("value", "")
        elif tag == "input" and attrs.get("type") in ("radio", "checkbox"):
            kind, values = self.choices.setdefault(attrs["name"], (attrs["type"], []))
            values.append(attrs.get("value", "on"))
        elif tag == "input" and attrs.get("type") == "hidden":
            self.hidden.append((attrs["name"], attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False

    def answers(self, rng) -> list[tuple[str, str]]:
        if "csrfmiddlewaretoken" not in dict(self.hidden) or "next" not in self.buttons:
            raise RuntimeError("the survey page has no survey form with a CSRF token")
        fields = list(self.hidden) + [(name, COMMENT) for name in self.texts]
        for name, (kind, values) in self.choices.items():
            if kind == "checkbox":
                fields += [(name, v) for v in rng.sample(values, min(2, len(values)))]
            else:
                fields.append((name, rng.choice(values)))
        return fields + [("next", self.buttons["next"])]


class _Browser:
    """One person's requests to the local server, with their cookies.

    Cookies are kept here rather than in a cookie jar: with DEBUG off the portal marks them
    Secure, which a jar (like a browser) will not send over plain http. The server's work is
    the same either way.
    """

    def __init__(self, port: int, session_key: str):
        self.origin = f"http://{HOST}:{port}"
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookies = {"sessionid": session_key}

    def request(self, method: str, path: str, fields=None, referer=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + (referer or path)
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        elapsed = (time.perf_counter() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        location = response.getheader("Location")
        if location and location.startswith(self.origin):
            location = location[len(self.origin) :]
        return response.status, location, content, elapsed

    def expect(self, status, wanted, path, content):
        if status != wanted:
            snippet = " ".join(content.split())[:300]
            raise RuntimeError(f"{path}: HTTP {status}, expected {wanted}: {snippet}")

    def close(self):
        self.connection.close()


def _take_survey(port, slug, session_key, rng, timings):
    """Walk the survey as one person; timings gets (kind, ms) for every request."""
    browser = _Browser(port, session_key)
    try:
        start = f"/surveys/take/{slug}/"
        status, _, content, ms = browser.request("GET", start)
        browser.expect(status, 200, start, content)
        timings.append(("get", ms))
        path = f"/surveys/take/{slug}/page-1/"
        status, _, content, ms = browser.request("GET", path)
        browser.expect(status, 200, path, content)
        timings.append(("get", ms))
        for _ in range(MAX_PAGES):
            # Each page's form carries the earlier answers; the reply is the next page itself.
            form = _SurveyForm(content)
            path = form.action or path
            status, location, content, ms = browser.request("POST", path, form.answers(rng))
            if status == 302 and location.endswith("/thank-you/"):
                timings.append(("submit", ms))
                status, _, content, ms = browser.request("GET", location)
                browser.expect(status, 200, location, content)
                timings.append(("get", ms))
                return
            browser.expect(status, 200, path, content)
            timings.append(("page", ms))
        raise RuntimeError(f"{slug}: no thank-you page after {MAX_PAGES} pages")
    finally:
        browser.close()


def _http_walks(port, slug, session_keys, seed, barrier):
    rng = random.Random(seed)
    # Warm this process's first connection and the server's workers before the clock starts.
    browser = _Browser(port, "")
    browser.request("GET", "/accounts/login/")
    browser.close()
    barrier.wait()
    timings = []
    started = time.perf_counter()
    for session_key in session_keys:
        _take_survey(port, slug, session_key, rng, timings)
    return timings, time.perf_counter() - started


def _http_second_process(port, slug, session_keys, barrier, queue):
    try:
        queue.put(("ok", _http_walks(port, slug, session_keys, "other", barrier)))
    except BaseException as error:  # reported by the main process, which must not wait forever
        barrier.abort()
        queue.put(("error", repr(error)))


def _sessions(users) -> list[str]:
    """A signed-in session for each user, made directly (as login would, without the hashing)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    keys = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = user._meta.pk.value_to_string(user)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return keys


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _gunicorn_start(port, log):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "ALLOWED_HOSTS": HOST,
        # Plain http on the loopback: no redirect to https, no HSTS, no hashed-static manifest.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "false",
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "wellbeing_portal.wsgi", "-b", f"{HOST}:{port}"]
    command += ["-w", str(HTTP_WORKERS), "--chdir", str(ROOT)]
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    _gunicorn_stop(server)
    log.seek(0)
    raise RuntimeError(f"gunicorn did not start on port {port}:\n{log.read().decode()[-2000:]}")


def _gunicorn_stop(server):
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _summary(values) -> str:
    return (
        f"p50 {statistics.median(values):.1f} ms, p95 {_pct(values, 95):.1f} ms, "
        f"max {max(values):.1f} ms"
    )


def bench_http_submit():
    from django.db import connection

    from surveys.models import Invitation, PendingResponse

    slug = "bench-http"
    survey_round = _fifty_question_round(slug)
    mine = _sessions(_staff("httpmain", HTTP_USERS))
    theirs = _sessions(_staff("httpother", HTTP_USERS))
    connection.close()
    port = _free_port()
    with tempfile.TemporaryFile() as log:
        server = _gunicorn_start(port, log)
        try:
            context = multiprocessing.get_context("spawn")
            barrier, queue = context.Barrier(2, timeout=120), context.Queue()
            other = context.Process(
                target=_http_second_process, args=(port, slug, theirs, barrier, queue)
            )
            other.start()
            try:
                timings, my_wall = _http_walks(port, slug, mine, "main", barrier)
            finally:
                outcome, result = queue.get(timeout=900)
                other.join(timeout=60)
        finally:
            _gunicorn_stop(server)
            log.seek(0)
            server_log = log.read().decode(errors="replace")
    if outcome != "ok":
        raise RuntimeError(f"second process failed: {result}\n{server_log[-2000:]}")
    their_timings, their_wall = result
    wall = max(my_wall, their_wall)
    stored = PendingResponse.objects.filter(round=survey_round).count()
    # Participation is marked only when a batch is written out, not at submission.
    responded = Invitation.objects.filter(round=survey_round, responded=True).count()
    assert stored == 2 * HTTP_USERS and responded == 0, (stored, responded)
    requests = len(timings) + len(their_timings)
    pages = sum(1 for kind, _ in timings if kind in ("page", "submit")) // HTTP_USERS
    print(
        f"http submit: {HTTP_USERS} + {HTTP_USERS} people took the 50-question survey "
        f"({pages} pages each) from two processes at once through gunicorn "
        f"({HTTP_WORKERS} workers, DEBUG off): {stored} stored, {requests} requests in "
        f"{wall:.1f} s = {stored / wall:.1f} surveys/s, {requests / wall:.0f} requests/s"
    )
    by_kind = {kind: [ms for k, ms in timings if k == kind] for kind in ("submit", "page", "get")}
    print(f"http final submit POST, this process under load: {_summary(by_kind['submit'])}")
    print(f"http page POST (save and continue), this process: {_summary(by_kind['page'])}")
    print(f"http page GET, this process: {_summary(by_kind['get'])}")
    other_submit = [ms for k, ms in their_timings if k == "submit"]
    print(f"http final submit POST, second process: {_summary(other_submit)}")
    if "Traceback" in server_log:
        print(f"gunicorn logged errors:\n{server_log[-2000:]}")


def _bulk_responses(survey_round, count, rng):
    from django.utils import timezone

    from people.models import School
    from surveys.models import Response

    questions = [q for q in survey_round.questions.all() if q.kind != "text"]
    schools = list(School.objects.filter(urn__in=URNS))
    day = timezone.localdate()
    rows = []
    for i in range(count):
        school = schools[i % len(schools)]
        bias = URNS.index(school.urn) * 0.2
        answers = {}
        for q in questions:
            if q.kind == "multiple":
                answers[q.key] = sorted(rng.sample(q.values, 2))
            else:
                low, high = q.values[0], q.values[-1]
                answers[q.key] = min(
                    high, max(low, round(rng.gauss((low + high) / 2 + bias, (high - low) / 4)))
                )
        rows.append(
            Response(
                round=survey_round,
                school=school,
                role_group="teaching" if i % 3 else "support",
                submitted_on=day,
                answers=answers,
            )
        )
    Response.objects.bulk_create(rows, batch_size=2000)


def bench_results():

    from people.models import Role, RoleAssignment, User
    from surveys import services

    rng = random.Random(20000)
    small = _fifty_question_round("bench-results-small", closed=True)
    large = _fifty_question_round("bench-results-large", closed=True)
    _staff("main", 1)
    started = time.perf_counter()
    _bulk_responses(large, RESPONSES, rng)
    _bulk_responses(small, 1000, rng)
    print(
        f"results: inserted {RESPONSES} + 1000 responses in {time.perf_counter() - started:.1f} s"
    )

    gc.collect()
    gc.collect()
    started = time.perf_counter()
    services.round_results_build(survey_round=large)
    build = time.perf_counter() - started
    print(
        f"results: building and storing results for {RESPONSES} responses x 50 questions "
        f"took {build:.2f} s"
    )
    services.round_results_build(survey_round=small)

    hr, _ = User.objects.get_or_create(email="bench.hr@bench.example.org")
    RoleAssignment.objects.get_or_create(user=hr, role=Role.HR, school=None)
    from django.conf import settings
    from django.test import override_settings

    # Plain static storage: the benchmark has not run collectstatic for the hashed manifest.
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_BACKEND}}
    with override_settings(STORAGES=storages):
        _page_queries(hr, small, large)


STATIC_BACKEND = "django.contrib.staticfiles.storage.StaticFilesStorage"


def _page_queries(hr, small, large):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(hr)
    client.get(f"/surveys/{small.slug}/results/", secure=True)
    for survey_round, size in ((small, 1000), (large, RESPONSES)):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(f"/surveys/{survey_round.slug}/results/", secure=True)
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        print(f"results page for {size} responses: {len(queries)} queries, {elapsed:.0f} ms")


def main():
    _create_database()
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    bench_http_submit()
    bench_submit()
    bench_results()


if __name__ == "__main__":
    main()
