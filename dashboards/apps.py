import importlib.util

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"

    def ready(self):
        if importlib.util.find_spec("charters.measures"):
            from dashboards import measures  # noqa: F401  (registers the charter measure)
