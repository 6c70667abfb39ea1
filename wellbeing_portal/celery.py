import logging
import os

from celery import Celery
from celery.signals import worker_ready

logger = logging.getLogger(__name__)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wellbeing_portal.settings")

app = Celery("wellbeing_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _send_jobs_left_waiting(**kwargs):
    """A worker coming up (after a Redis outage, say) sends the jobs waiting in the database."""
    from wellbeing_portal.jobs import jobs_redispatch

    try:
        jobs_redispatch()
    except Exception:
        logger.exception("could not send the jobs left waiting; the outbox sweep will")
