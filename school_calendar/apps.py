from django.apps import AppConfig


class SchoolCalendarConfig(AppConfig):
    name = "school_calendar"
    verbose_name = "School calendar"
