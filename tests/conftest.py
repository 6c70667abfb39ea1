"""The shared test world: a trust, two schools and one person per role (the cast)."""

import os
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine

# The sync Playwright API runs an event loop in the test thread; the ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from people.models import Role, RoleGroup  # noqa: E402
from tests.factories import (
    RoleAssignmentFactory,
    SchoolFactory,
    StaffMemberFactory,
    TrustFactory,
    UserFactory,
)  # noqa: E402

PASSWORD = "correct-horse-battery"


@dataclass
class Cast:
    trust: object
    school_a: object
    school_b: object
    staff_a: object  # a teacher at school A
    support_a: object  # support staff at school A
    staff_b: object  # a teacher at school B
    head_a: object
    head_b: object
    champion_a: object
    first_aider_a: object
    governor_a: object
    governor_b: object
    trustee: object
    hr: object

    def user(self, role_name: str):
        return getattr(self, role_name)


ROLE_NAMES = [
    "anonymous",
    "staff_a",
    "staff_b",
    "head_a",
    "head_b",
    "champion_a",
    "first_aider_a",
    "governor_a",
    "governor_b",
    "trustee",
    "hr",
]


def _staff(email, school, role_group=RoleGroup.TEACHING, **extra):
    return StaffMemberFactory(
        user=UserFactory(email=email), school=school, role_group=role_group, **extra
    ).user


def _role(user, role, school=None):
    RoleAssignmentFactory(user=user, role=role, school=school)
    return user


@pytest.fixture
def cast(db) -> Cast:
    trust = TrustFactory(name="Test Learning Trust")
    school_a = SchoolFactory(urn="100001", name="Alder Primary School", trust=trust)
    school_b = SchoolFactory(urn="100002", name="Birch Academy", trust=trust, phase="secondary")
    return Cast(
        trust=trust,
        school_a=school_a,
        school_b=school_b,
        staff_a=_staff("staff.a@example.org", school_a),
        support_a=_staff("support.a@example.org", school_a, RoleGroup.SUPPORT),
        staff_b=_staff("staff.b@example.org", school_b),
        head_a=_role(_staff("head.a@example.org", school_a), Role.HEAD, school_a),
        head_b=_role(_staff("head.b@example.org", school_b), Role.HEAD, school_b),
        champion_a=_role(
            _staff("champion.a@example.org", school_a, RoleGroup.SUPPORT), Role.CHAMPION, school_a
        ),
        first_aider_a=_role(
            _staff("firstaider.a@example.org", school_a), Role.FIRST_AIDER, school_a
        ),
        governor_a=_role(UserFactory(email="governor.a@example.org"), Role.GOVERNOR, school_a),
        governor_b=_role(UserFactory(email="governor.b@example.org"), Role.GOVERNOR, school_b),
        trustee=_role(UserFactory(email="trustee@example.org"), Role.TRUSTEE),
        hr=_role(_staff("hr@example.org", None, RoleGroup.SUPPORT), Role.HR),
    )


# The test world's "today": a Monday morning in the autumn term of 2026-27, inside the term dates
# the tests load. Every test starts here (the clock then runs on), so no test depends on the real
# date; a test that needs another moment travels there itself.
SUITE_NOW = datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _suite_clock():
    with time_machine.travel(SUITE_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.REQUIRE_MFA_FOR_PRIVILEGED_ROLES = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache(request, django_db_blocker):
    """Each test starts with empty caches: live job progress, and login rate-limit counters (in
    the database cache, which a test's rollback or flush does not empty)."""
    from django.core.cache import caches

    caches["progress"].clear()
    from surveys import question_cache

    question_cache.forget_all()
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if uses_db:
        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            caches["default"].clear()
    yield


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run inline unless a test starts a real worker (see the celery_worker fixture)."""
    from wellbeing_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config, specs):
    """Under pytest-xdist (`make test` runs `-n auto`) each worker gets a Redis database of its own:
    the one REDIS_URL names for the first worker, the next numbers for the others. Broker queues,
    results, the progress cache and the worker tests' FLUSHDB then never meet another worker's.
    (pytest-django already gives each worker its own test database, suffixed _gw0, _gw1...)"""
    base = os.environ.get("REDIS_URL")
    if not base:
        return
    for index, spec in enumerate(specs):
        spec.env["REDIS_URL"] = redis_url_for_worker(base, index)


def pytest_collection_modifyitems(items):
    """Tests marked `long` (minutes each) start first, one on each xdist worker, and the rest of the
    suite is shared out around them. `--dist load --maxschedchunk=1` (Makefile) first sends each
    worker two tests in collection order (items 0-1 to gw0, 2-3 to gw1...), so the long tests take
    every other place at the front. Any test may follow a transactional one on the same worker:
    the teardown of transactional tests puts back the rows data migrations wrote
    (tests/migrated_rows.py)."""
    long = [item for item in items if item.get_closest_marker("long")]
    rest = [item for item in items if not item.get_closest_marker("long")]
    front = []
    for item in long:
        front.append(item)
        if rest:
            front.append(rest.pop(0))
    items[:] = front + rest


@pytest.fixture(autouse=True)
def _transactional_tests_keep_the_migrated_rows(request):
    """The migrated rows are saved before the first database test runs (tests/migrated_rows.py)."""
    if _database_kind(request.node) != "none":
        request.getfixturevalue("migrated_rows")


def _database_kind(item) -> str:
    marker = item.get_closest_marker("django_db")
    fixtures = set(item.fixturenames)
    if (marker and marker.kwargs.get("transaction")) or fixtures & {
        "transactional_db",
        "live_server",
    }:
        return "transactional"
    return "database" if marker or "db" in fixtures else "none"


def redis_url_for_worker(url: str, index: int) -> str:
    """redis://host:port/N -> redis://host:port/N+index (database 0 when the URL names none)."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + index
    if database > 15:
        raise pytest.UsageError(
            f"Redis database {database} for test worker {index} is past a default Redis's 16 "
            "(0-15): use a lower database number in REDIS_URL or fewer workers (-n)."
        )
    return urlunsplit(parts._replace(path=f"/{database}"))


@pytest.fixture
def client_for(client):
    """Log the test client in as a user: client_for(cast.hr)."""

    def login(user):
        if user is not None:
            client.force_login(user)
        return client

    return login


from tests.browser import *  # noqa: E402,F401,F403  (browser fixtures)
from tests.migrated_rows import *  # noqa: E402,F401,F403  (transactional tests' teardown)
from tests.worker import *  # noqa: E402,F401,F403  (real Celery worker fixture)
