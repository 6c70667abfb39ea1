"""A real Celery worker on Redis, started inside the test process."""

import pytest
from django.conf import settings


@pytest.fixture
def celery_worker(transactional_db):
    """Run tasks through a real worker consuming from the Redis broker (needs REDIS_URL)."""
    from celery.contrib.testing.worker import start_worker

    from wellbeing_portal.celery import app

    if not settings.REDIS_URL:
        pytest.fail("Worker tests need REDIS_URL: they run against a real Redis broker.")
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
    app.conf.task_always_eager = True


__all__ = ["celery_worker"]
