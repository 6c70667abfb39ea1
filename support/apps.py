import importlib.util

from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = "Support and people indicators"

    def ready(self):
        if importlib.util.find_spec("charters.measures"):
            from support import measures  # noqa: F401  (registers the charter measures)
