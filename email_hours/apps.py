import importlib.util

from django.apps import AppConfig


class EmailHoursConfig(AppConfig):
    name = "email_hours"
    verbose_name = "Email hours"

    def ready(self):
        if importlib.util.find_spec("charters.measures"):
            from email_hours import measures  # noqa: F401  (registers the charter measure)
