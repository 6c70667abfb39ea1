import importlib.util

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"

    def ready(self):
        if importlib.util.find_spec("charters.measures"):
            from surveys import measures  # noqa: F401
