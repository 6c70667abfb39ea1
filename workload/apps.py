from django.apps import AppConfig


class WorkloadConfig(AppConfig):
    name = "workload"
    verbose_name = "Workload"

    def ready(self):
        from common.report_feeds import register_report_feed
        from people.access import Perm
        from people.demo import register_demo_step
        from people.home import register_panel
        from people.navigation import NavItem, register_nav_items
        from school_calendar.quiet_hours import register_rules_source
        from workload import (
            demo,
            home,
            measures,  # noqa: F401  (registers the charter measures)
            rules,
            selectors,
        )

        register_rules_source(rules.rules_for)
        register_panel(home.workload_panel, order=60)
        register_nav_items(NavItem("Workload", "workload:index", Perm.VIEW_WORKLOAD), order=50)
        register_demo_step("workload", demo.seed, order=10)
        register_report_feed("workload.indicators", selectors.workload_indicators)
