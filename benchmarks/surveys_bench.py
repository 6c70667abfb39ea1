"""Benchmark: submitting a 50-question survey under load; building results of 20,000 responses.

Run against a separate PostgreSQL database (created if missing), e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wp_surveys_bench \
        .venv/bin/python benchmarks/surveys_bench.py

1. Submit: this process and a second process each submit BENCH_SUBMITS responses (50 answers each)
   to one open round at the same time, through the portal's submission service (locking the
   person's invitation, writing the response and comment, clearing the draft). Latency p50/p95
   is measured in this process while the other keeps the database busy.
2. Results: 20,000 responses to a closed 50-question round (5 schools, both role groups), then
   the results are built and stored once (shuffle timed separately).
3. The results page is requested for a 1,000-response and a 20,000-response round and its
   queries counted: the count must be the same.
"""

import gc
import multiprocessing
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellbeing_portal.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wp_surveys_bench")
os.environ["REDIS_URL"] = ""  # inline: the benchmark times the work, not the queue
# As in production: with DEBUG on, Django keeps every query's SQL (megabytes for bulk inserts).
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
os.environ.setdefault("REQUIRE_MFA", "false")  # the benchmark's HR account has no second factor

SUBMITS = int(os.environ.get("BENCH_SUBMITS", 400))
RESPONSES = int(os.environ.get("BENCH_RESPONSES", 20_000))
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
    from surveys import services
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
        services.response_submit(survey_round=survey_round, user=user, answers=answers)
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
    large.needs_shuffle = True
    large.save(update_fields=["needs_shuffle"])
    started = time.perf_counter()
    services.round_responses_shuffle(survey_round=large)
    print(
        f"results: shuffling {RESPONSES} responses (anonymity rewrite) took "
        f"{time.perf_counter() - started:.2f} s"
    )
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
    bench_submit()
    bench_results()


if __name__ == "__main__":
    main()
