from django.apps import AppConfig

# The URL names of the background import's pages (people/import_views.py).
IMPORT_PAGES = {
    "upload": "absence:import",
    "status": "absence:import_status",
    "retry": "absence:import_retry",
    "progress": "absence:import_progress",
    "title": "Absence import",
    "back": "Back to absence imports",
}


class AbsenceConfig(AppConfig):
    name = "absence"
    verbose_name = "Absence"

    def ready(self):
        from absence import demo, services
        from people.access import Perm
        from people.demo import register_demo_step
        from people.import_jobs import ImportKind, register_import_kind
        from people.models import AbsenceImport
        from people.navigation import NavItem, register_nav_items

        register_import_kind(
            AbsenceImport.Kind.ABSENCE,
            ImportKind(
                run=services.absence_import,
                changed_since=services.absence_changed_since,
                newer_data=services.NEWER_DATA,
                threshold=services.background_threshold,
                pages=IMPORT_PAGES,
            ),
        )
        register_nav_items(
            NavItem("Absence", "absence:figures", Perm.VIEW_ABSENCE_AGGREGATES, group="People"),
            order=11,
        )
        # After the workload calendar (term dates) and before the reports built from the figures.
        register_demo_step("absence", demo.seed, order=55)
