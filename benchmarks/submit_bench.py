"""The survey submit under load, beside a bare one-INSERT Django view served the same way.

    .venv/bin/python benchmarks/submit_bench.py [--quick]

Called by benchmarks/perf_bench.py (`make bench`). On a database of its own (wp_bench_submit,
with BENCH_DB_SUFFIX appended if set, on the server of BENCH_DATABASE_URL) with DEBUG off, two
gunicorn servers run side by side with the portal's gunicorn.conf.py (same workers, connection
reuse, access log):

- the portal (wellbeing_portal.wsgi), receiving the final POST of a 50-question survey round,
  the one that stores the sealed response (each request is a different signed-in person with a
  valid CSRF cookie and token, since a person can submit once);
- the limit: bare_site.py, a Django view under the same settings and middleware writing the same
  request body into a table with one INSERT.

The load is `wrk` (Debian package wrk) with benchmarks/submit.lua: 50 connections on 2 threads,
each connection sending its next request as soon as the last is answered. The two sides are
loaded alternately, bare first, BENCH_REPEATS times, and medians compared. It prints

    RATIO submit_throughput <portal req/s ÷ bare req/s> 0.5   (higher is better: goal ≥ 0.5)
    RATIO submit_p95_ms <portal p95 in ms> 150                (lower is better: goal ≤ 150)

Every portal request is checked afterwards: as many sealed responses stored as submits answered,
no error statuses, and no session used twice.

Requests per second depend on whatever else the machine runs at the time, so each run also
reports the processor time spent per request, read from /proc (Linux): by the side's gunicorn
(master and workers), by the PostgreSQL backends serving it, and by wrk. Other programs on the
machine slow these down little, so they compare the two sides' work more steadily than req/s.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# Two checkouts benchmarking at once on one server keep apart with BENCH_DB_SUFFIX.
SUFFIX = os.environ.get("BENCH_DB_SUFFIX", "")
os.environ["DATABASE_URL"] = BASE_URL.rsplit("/", 1)[0] + f"/wp_bench_submit{SUFFIX}"
os.environ["DJANGO_DEBUG"] = "false"
sys.path.insert(0, str(HERE))
import surveys_bench as survey_world  # noqa: E402  (sets the benchmark's environment)

HOST = "127.0.0.1"
USERS = 50
SLUG = "bench-load"


def _sessions(users) -> list[str]:
    """A signed-in session per user, written in one statement (as login would, unhashed)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    store, expires = SessionStore(), timezone.now() + timedelta(days=1)
    rows = [
        Session(
            session_key=get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789"),
            session_data=store.encode(
                {
                    SESSION_KEY: str(user.pk),
                    BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                    HASH_SESSION_KEY: user.get_session_auth_hash(),
                }
            ),
            expire_date=expires,
        )
        for user in users
    ]
    Session.objects.bulk_create(rows, batch_size=2000)
    return [row.session_key for row in rows]


def _server_env(port: int) -> dict:
    return {
        **os.environ,
        "GUNICORN_BIND": f"{HOST}:{port}",
        "ALLOWED_HOSTS": HOST,
        # Plain http on the loopback: no redirect to https, no HSTS, no hashed-static manifest.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{HERE}",
    }


def _gunicorn(app: str, port: int, log, probe: str):
    command = [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")]
    server = subprocess.Popen(
        [*command, "--chdir", str(ROOT), app],
        env=_server_env(port),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    import http.client

    while time.monotonic() < deadline and server.poll() is None:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", probe)
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.3)
    survey_world._gunicorn_stop(server)
    raise RuntimeError(f"gunicorn {app} did not start on port {port}")


def _final_post(port: int, session_key: str) -> tuple[str, str]:
    """Walk the survey once as a browser would; the body of its final POST and the CSRF cookie."""
    import random
    from urllib.parse import urlencode

    browser = survey_world._Browser(port, session_key)
    rng = random.Random(16)
    try:
        path = f"/surveys/take/{SLUG}/page-1/"
        status, _, content, _ = browser.request("GET", path)
        browser.expect(status, 200, path, content)
        for _ in range(survey_world.MAX_PAGES):
            form = survey_world._SurveyForm(content)
            path = form.action or path
            fields = form.answers(rng)
            status, location, content, _ = browser.request("POST", path, fields)
            if status == 302 and location.endswith("/thank-you/"):
                return path, urlencode(fields), browser.cookies["csrftoken"]
            browser.expect(status, 200, path, content)
    finally:
        browser.close()
    raise RuntimeError("no thank-you page at the end of the survey")


def _cpu_seconds(pid: int, *, reaped: bool = False) -> float:
    """Processor time of a process (with reaped=True, plus that of its children that exited)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if reaped:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _server_cpu(server) -> tuple[float, dict[int, float]]:
    """CPU seconds so far of one side: gunicorn (its master, live workers and recycled ones),
    and of each PostgreSQL backend its workers are connected to, by pid."""
    workers = [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and _parent(int(entry.name)) == server.pid
    ]
    gunicorn = _cpu_seconds(server.pid, reaped=True) + sum(_cpu_seconds(w) for w in workers)
    ports = _local_ports(workers)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, client_port FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        backends = [pid for pid, port in cursor.fetchall() if port in ports]
    return gunicorn, {pid: _cpu_seconds(pid) for pid in backends}


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def _local_ports(pids) -> set[int]:
    """Local TCP ports of the sockets these processes hold (their database connections)."""
    inodes = set()
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except (FileNotFoundError, ProcessLookupError):
            continue
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            if fields[9] in inodes:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def _wrk(server, port: int, path: str, sessions: Path, body: Path, csrf: str, seconds: int):
    command = ["wrk", "-t2", f"-c{USERS}", f"-d{seconds}s", "--timeout", "30s"]
    command += ["-s", str(HERE / "submit.lua"), f"http://{HOST}:{port}"]
    command += ["--", path, str(sessions), str(body), csrf, "2"]
    gunicorn_before, postgres_before = _server_cpu(server)
    wrk_before = os.times()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    wrk_after = os.times()
    gunicorn_after, postgres_after = _server_cpu(server)
    # A backend counts from the first sample (or from its start); one that ended with its
    # recycled worker is left out, so then the PostgreSQL figure is a little low.
    postgres = sum(cpu - postgres_before.get(pid, 0.0) for pid, cpu in postgres_after.items())
    line = next(line for line in output.splitlines() if line.startswith("WRK "))
    requests, duration_us, p95, p50, errors, sent = line.split()[1:]
    count = max(int(requests), 1)
    wrk_cpu = (wrk_after.children_user + wrk_after.children_system) - (
        wrk_before.children_user + wrk_before.children_system
    )
    return {
        "requests": int(requests),
        "per_s": int(requests) / (int(duration_us) / 1e6),
        "p95_ms": float(p95),
        "p50_ms": float(p50),
        "errors": int(errors),
        "sent": int(sent),
        "gunicorn_ms": (gunicorn_after - gunicorn_before) / count * 1000,
        "postgres_ms": postgres / count * 1000,
        "wrk_ms": wrk_cpu / count * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="short runs (CI smoke)")
    args = parser.parse_args()
    seconds = 5 if args.quick else 15
    repeats = int(os.environ.get("BENCH_REPEATS", 2 if args.quick else 3))
    # Sessions per portal run: more than a run can use. The portal is slower than the bare
    # view, which answers about 2,300 a second on 2 cores; a run that runs out is refused below.
    per_run = 2_500 * seconds

    survey_world._create_database()
    survey_world._setup_django()
    from django.core.management import call_command
    from django.db import connection

    from surveys.models import PendingResponse

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    survey_round = survey_world._fifty_question_round(SLUG)
    users = survey_world._staff("load", per_run * repeats + 1)
    keys = _sessions(users)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_insert")
        cursor.execute("CREATE TABLE bench_bare_insert (id bigserial PRIMARY KEY, body bytea)")
    connection.close()

    portal_port, bare_port = survey_world._free_port(), survey_world._free_port()
    work = Path(tempfile.mkdtemp(prefix="wp_submit_bench_"))
    with (work / "portal.log").open("wb") as portal_log, (work / "bare.log").open("wb") as bare_log:
        portal = _gunicorn("wellbeing_portal.wsgi", portal_port, portal_log, "/accounts/login/")
        bare = _gunicorn("bare_site", bare_port, bare_log, "/insert/")
        try:
            path, body, csrf = _final_post(portal_port, keys[0])
            (work / "body").write_text(body)
            runs = {"portal": [], "bare": []}
            for repeat in range(repeats):
                chunk = work / f"sessions_{repeat}"
                chunk.write_text("\n".join(keys[1 + repeat * per_run : 1 + (repeat + 1) * per_run]))
                runs["bare"].append(
                    _wrk(bare, bare_port, "/insert/", chunk, work / "body", csrf, seconds)
                )
                runs["portal"].append(
                    _wrk(portal, portal_port, path, chunk, work / "body", csrf, seconds)
                )
        finally:
            survey_world._gunicorn_stop(portal)
            survey_world._gunicorn_stop(bare)
            shutil.rmtree(work, ignore_errors=True)
    stored = PendingResponse.objects.filter(round=survey_round).count() - 1  # minus the walk
    answered = sum(run["requests"] for run in runs["portal"])
    problems = []
    if any(run["sent"] > per_run for run in runs["portal"]):
        problems.append("a portal run used more sessions than it was given")
    if any(run["errors"] for side in runs.values() for run in side):
        problems.append("error statuses or socket errors")
    if not answered <= stored <= answered + 2 * USERS * repeats:
        problems.append(f"{answered} submits answered but {stored} responses stored")
    for side, side_runs in runs.items():
        for run in side_runs:
            print(
                f"{side}: {run['per_s']:.0f} req/s, p50 {run['p50_ms']:.0f} ms, "
                f"p95 {run['p95_ms']:.0f} ms ({run['requests']} requests, "
                f"{run['errors']} errors, {USERS} users); CPU per request: gunicorn "
                f"{run['gunicorn_ms']:.2f} ms, postgres {run['postgres_ms']:.2f} ms, "
                f"wrk {run['wrk_ms']:.2f} ms",
                flush=True,
            )
    if problems:
        print("submit benchmark failed: " + "; ".join(problems))
        return 1
    portal_rate = statistics.median(run["per_s"] for run in runs["portal"])
    bare_rate = statistics.median(run["per_s"] for run in runs["bare"])
    for side, side_runs in runs.items():
        server = statistics.median(run["gunicorn_ms"] + run["postgres_ms"] for run in side_runs)
        wrk = statistics.median(run["wrk_ms"] for run in side_runs)
        print(f"CPU {side}: server {server:.2f} ms per request, wrk {wrk:.2f} ms", flush=True)
    print(f"RATIO submit_throughput {portal_rate / bare_rate:.3f} 0.5", flush=True)
    p95 = statistics.median(run["p95_ms"] for run in runs["portal"])
    print(f"RATIO submit_p95_ms {p95:.1f} 150", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
