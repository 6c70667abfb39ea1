from django.apps import AppConfig


class EmailHoursConfig(AppConfig):
    name = "email_hours"
    verbose_name = "Email hours"

    def ready(self):
        from email_hours import (
            demo,
            measures,  # noqa: F401  (registers the charter measure)
        )
        from people.access import Perm
        from people.demo import register_demo_step
        from people.navigation import NavItem, register_nav_items

        register_nav_items(
            NavItem("Email hours", "email_hours:overview", Perm.VIEW_DASHBOARD, group="Dashboards"),
            order=65,
        )
        # After support (50) and absence (55), before the dashboards build their reports (60).
        register_demo_step("email_hours", demo.seed, order=57)
