from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"

    def ready(self):
        from common.report_feeds import register_report_feed
        from people.access import Perm
        from people.demo import register_demo_step
        from people.home import register_panel
        from people.navigation import NavItem, register_nav_items
        from surveys import (
            demo,
            home,
            measures,  # noqa: F401  (registers the charter measures)
            pulse_demo,
            summaries,
        )

        register_panel(home.surveys_panel, order=50)
        # Staff see "Surveys" (their own); readers of results see it too; both: a drop-down.
        register_nav_items(
            NavItem(
                "Your surveys", "surveys:mine", Perm.TAKE_SURVEYS, group="Surveys", alone="Surveys"
            ),
            NavItem(
                "Survey results",
                "surveys:round_list",
                Perm.VIEW_SURVEY_RESULTS,
                group="Surveys",
                alone="Surveys",
            ),
            order=30,
        )
        register_demo_step("surveys", demo.seed, order=30)
        register_demo_step("surveys_pulses", pulse_demo.seed, order=31)
        register_report_feed("surveys.term_summaries", summaries.term_survey_summaries)
        register_report_feed("surveys.term_summaries_for", summaries.term_survey_summaries_for)
        register_report_feed("surveys.headline_trend", summaries.headline_trend)
