from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"

    def ready(self):
        from dashboards import (
            demo,
            home,
            measures,  # noqa: F401  (registers the charter measure)
        )
        from people.access import Perm
        from people.demo import register_demo_step
        from people.home import register_panel
        from people.navigation import NavItem, register_nav_items

        register_panel(home.dashboards_panel, order=70, first_for_readers=True)
        register_nav_items(
            NavItem("Dashboards", "dashboards:index", Perm.VIEW_DASHBOARD, group="Dashboards"),
            NavItem("Reports", "dashboards:reports", Perm.VIEW_REPORTS, group="Dashboards"),
            NavItem(
                "Workload, wellbeing and absence",
                "dashboards:evidence",
                Perm.VIEW_REPORTS,
                group="Dashboards",
            ),
            order=60,
        )
        register_demo_step("dashboards", demo.seed, order=60)
