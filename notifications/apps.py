import os
import sys

from django.apps import AppConfig
from django.conf import settings


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from notifications import invitations
        from people.services import register_staff_import_hooks

        register_staff_import_hooks(joiners=invitations.invitations_send)
        # The embedded default has no beat and no worker: deferred email must still wait for its
        # due time and then go, so the outbox sweep runs on a timer in the serving process.
        if settings.CELERY_TASK_ALWAYS_EAGER and _serving_with_runserver():
            from notifications.outbox import outbox_timer_start

            outbox_timer_start(interval=settings.OUTBOX_TIMER_SECONDS)


def _serving_with_runserver() -> bool:
    """True in the process that serves requests under `manage.py runserver` (not the reloader's
    watching parent, not other commands, not tests)."""
    if sys.argv[1:2] != ["runserver"]:
        return False
    return os.environ.get("RUN_MAIN") == "true" or "--noreload" in sys.argv
