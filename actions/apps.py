import importlib.util

from django.apps import AppConfig


class ActionsConfig(AppConfig):
    verbose_name = "You said, we did"
    name = "actions"

    def ready(self):
        if importlib.util.find_spec("charters.measures"):
            from actions import measures  # noqa: F401  (registers the charter measure)
