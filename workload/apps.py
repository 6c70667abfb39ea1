import importlib.util
import os
import sys

from django.apps import AppConfig
from django.conf import settings


class WorkloadConfig(AppConfig):
    name = "workload"
    verbose_name = "Workload"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from people import absence_store
        from workload.models import Term

        # Term dates decide the working days behind the stored absence sums.
        post_save.connect(absence_store.data_changed, sender=Term, dispatch_uid="sums-term")
        post_delete.connect(absence_store.data_changed, sender=Term, dispatch_uid="sums-del-term")
        if importlib.util.find_spec("charters.measures"):
            from workload import measures  # noqa: F401  (registers the charter measures)
        # The embedded default has no beat and no worker: deferred email must still wait for its
        # due time and then go, so the outbox sweep runs on a timer in the serving process.
        if settings.CELERY_TASK_ALWAYS_EAGER and _serving_with_runserver():
            from workload.outbox import outbox_timer_start

            outbox_timer_start(interval=settings.OUTBOX_TIMER_SECONDS)


def _serving_with_runserver() -> bool:
    """True in the process that serves requests under `manage.py runserver` (not the reloader's
    watching parent, not other commands, not tests)."""
    if sys.argv[1:2] != ["runserver"]:
        return False
    return os.environ.get("RUN_MAIN") == "true" or "--noreload" in sys.argv
