from django.apps import AppConfig


class ActionsConfig(AppConfig):
    verbose_name = "You said, we did"
    name = "actions"

    def ready(self):
        from actions import (
            demo,
            home,
            measures,  # noqa: F401  (registers the charter measure)
            selectors,
        )
        from common.report_feeds import register_report_feed
        from people.access import Perm
        from people.demo import register_demo_step
        from people.home import register_panel
        from people.navigation import NavItem, register_nav_items

        register_panel(home.actions_panel, order=30)
        group = "You said, we did"
        register_nav_items(
            NavItem("You said, we did", "actions:board", Perm.VIEW_ACTIONS, group=group),
            NavItem("Manage actions", "actions:manage", Perm.MANAGE_ACTIONS, group=group),
            order=40,
        )
        register_demo_step("actions", demo.seed, order=40)
        register_report_feed("actions.counts", selectors.action_counts)
        register_report_feed("actions.counts_for", selectors.action_counts_for)
        register_report_feed("actions.difference_feedback", selectors.difference_feedback)
