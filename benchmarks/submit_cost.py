"""The processor cost of one survey submit, counted in a single process (no server, no load).

    .venv/bin/python benchmarks/submit_cost.py setup            # database, round, sessions
    .venv/bin/python benchmarks/submit_cost.py run --requests 1900 [--bare]
    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/submit_cost.py run --requests 10
    PYTHONHASHSEED=0 valgrind --tool=callgrind python benchmarks/submit_cost.py run --requests 60

`run` sends the final POST of submit_bench.py's 50-question round (each request a different
signed-in person, with a CSRF cookie and token) straight to the portal's WSGI application, as
gunicorn would: DEBUG off, every middleware (with --bare, the same body to bare_site.py). It
deletes the round's stored responses first, so the same people can submit again, and prints
the processor time per request after a warm-up, of Python and of its PostgreSQL backend.
Instructions per request are the difference between two callgrind runs of different lengths
("Collected" on valgrind's last line), divided by the difference in requests: start-up and
warm-up cancel out, and the count is the same from one run to the next (within 0.1%) whatever
else the machine runs, unlike req/s under wrk.

On its own database: wp_bench_submit_cost, with BENCH_DB_SUFFIX appended if set.
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
SUFFIX = os.environ.get("BENCH_DB_SUFFIX", "")
os.environ["DATABASE_URL"] = BASE_URL.rsplit("/", 1)[0] + f"/wp_bench_submit_cost{SUFFIX}"
os.environ["DJANGO_DEBUG"] = "false"
os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["SECURE_HSTS_SECONDS"] = "0"
os.environ["STATIC_MANIFEST"] = "false"
os.environ["LOG_LEVEL"] = "WARNING"
sys.path.insert(0, str(HERE))
import surveys_bench as survey_world  # noqa: E402  (sets the benchmark's environment)

SLUG = "bench-cost"
USERS = 2_000
CSRF = "abcdefghijklmnopqrstuvwxyzABCDEF"  # an unmasked secret: cookie and form alike
KEYS = Path(os.environ.get("BENCH_COST_KEYS", f"/tmp/wp_bench_submit_cost{SUFFIX}.keys"))


def setup() -> None:
    import random

    survey_world._create_database()
    survey_world._setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_insert")
        cursor.execute("CREATE TABLE bench_bare_insert (id bigserial PRIMARY KEY, body bytea)")
    survey_round = survey_world._fifty_question_round(SLUG)
    users = survey_world._staff("cost", USERS)
    keys = survey_world._sessions(users)
    questions = list(survey_round.questions.order_by("position", "id"))
    answers = survey_world._answers(questions, random.Random(16))
    body = urlencode({**answers, "next": "1", "csrfmiddlewaretoken": CSRF}, doseq=True)
    pages = _page_count(survey_round)
    KEYS.write_text(f"/surveys/take/{SLUG}/page-{pages}/\n{body}\n" + "\n".join(keys))
    print(f"{len(keys)} sessions, final page {pages}")


def _page_count(survey_round) -> int:
    from surveys import question_cache

    return len(question_cache.round_pages(survey_round))


def _environ(path: str, body: bytes, session_key: str) -> dict:
    return {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_COOKIE": f"sessionid={session_key}; csrftoken={CSRF}",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def run(requests: int, warmup: int, bare: bool) -> None:
    if bare:
        sys.path.insert(0, str(ROOT))
        from bare_site import application
    else:
        from wellbeing_portal.wsgi import application
    _forget_responses()
    path, body, *keys = KEYS.read_text().splitlines()
    if bare:
        path = "/insert/"
    body = body.encode()
    if len(keys) < warmup + requests:
        raise SystemExit(f"at most {len(keys)} requests in all")
    statuses = []

    def start_response(status, headers, exc_info=None):
        location = dict(headers).get("Location", "")
        statuses.append(status if location.endswith("/thank-you/") else f"{status} {location}")

    def send(key):
        response = application(_environ(path, body, key), start_response)
        for _ in response:
            pass
        response.close()

    for key in keys[:warmup]:
        send(key)
    backend = _backend_pid()
    started, backend_started = time.process_time(), _cpu_seconds(backend)
    for key in keys[warmup : warmup + requests]:
        send(key)
    spent, backend_spent = time.process_time() - started, _cpu_seconds(backend) - backend_started
    wrong = [s for s in statuses if s != "302 Found"]
    if wrong:
        raise SystemExit(f"{len(wrong)} answers were not redirects: {wrong[:3]}")
    if backend != _backend_pid():
        raise SystemExit("the database connection was not kept between requests")
    count = max(requests, 1)
    print(
        f"{requests} submits: CPU per request {spent / count * 1000:.3f} ms in Python,"
        f" {backend_spent / count * 1000:.3f} ms in its PostgreSQL backend"
    )


def _backend_pid() -> int:
    from django.db import connection

    return connection.connection.get_backend_pid()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _forget_responses() -> None:
    """Everyone may submit again: this round's stored responses are deleted."""
    from django.db import connection

    from surveys.models import PendingResponse

    PendingResponse.objects.filter(round__slug=SLUG).delete()
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["setup", "run"])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--bare", action="store_true", help="the same POST to bare_site.py (one INSERT)"
    )
    args = parser.parse_args()
    if args.action == "setup":
        setup()
    else:
        run(args.requests, args.warmup, args.bare)


if __name__ == "__main__":
    main()
