from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = "Support and people indicators"

    def ready(self):
        from common.report_feeds import register_report_feed
        from people.access import Perm
        from people.demo import register_demo_step
        from people.home import register_panel
        from people.navigation import NavItem, register_nav_items
        from people.services import register_staff_import_hooks
        from support import (
            demo,
            exits,
            home,
            measures,  # noqa: F401  (registers the charter measures)
            selectors,
            services,
        )

        register_staff_import_hooks(leavers=services.exit_interviews_offer)
        register_panel(home.support_panel, order=40)
        # Get support is in everyone's menu (after Workload), not only in the footer.
        register_nav_items(NavItem("Get support", "support:index", Perm.VIEW_SUPPORT), order=55)
        register_nav_items(
            NavItem("People indicators", "support:people", Perm.VIEW_PEOPLE_INDICATORS, "People"),
            NavItem(
                "Flexible working register",
                "support:flexible_list",
                Perm.MANAGE_FLEXIBLE_REQUESTS,
                group="People",
            ),
            NavItem(
                "Leave of absence",
                "support:leave_list",
                Perm.MANAGE_FLEXIBLE_REQUESTS,
                group="People",
            ),
            NavItem("Training", "support:training", Perm.VIEW_PEOPLE_INDICATORS, group="People"),
            order=12,
        )
        register_demo_step("support", demo.seed, order=50)
        register_report_feed("support.people_figures_for", selectors.people_figures_for)
        register_report_feed("support.exit_reasons", exits.exit_reasons)
