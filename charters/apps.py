from django.apps import AppConfig


class ChartersConfig(AppConfig):
    name = "charters"

    def ready(self):
        from charters import demo, home, selectors
        from common.report_feeds import register_report_feed
        from people.access import Perm
        from people.demo import register_demo_step
        from people.home import register_panel
        from people.navigation import NavItem, register_nav_items

        register_panel(home.charters_panel, order=20)
        register_nav_items(
            NavItem("Charters", "charters:index", Perm.VIEW_CHARTERS, group="Charters"),
            NavItem("Pledge status", "charters:status", Perm.VIEW_PLEDGE_STATUS, group="Charters"),
            order=20,
        )
        register_demo_step("charters", demo.seed, order=20)
        register_report_feed("charters.pledge_statuses", selectors.pledge_statuses)
