import importlib.util

from django.apps import AppConfig


class WorkloadConfig(AppConfig):
    name = "workload"
    verbose_name = "Workload"

    def ready(self):
        if importlib.util.find_spec("charters.measures"):
            from workload import measures  # noqa: F401  (registers the charter measures)
