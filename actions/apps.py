from django.apps import AppConfig


class ActionsConfig(AppConfig):
    verbose_name = "You said, we did"
    name = "actions"
