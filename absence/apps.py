from django.apps import AppConfig

# The URL names of the background import's pages (people/import_views.py).
IMPORT_PAGES = {
    "upload": "absence:import",
    "status": "absence:import_status",
    "retry": "absence:import_retry",
    "apply": "absence:import_apply",
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
        _stored_figures_follow_the_data()


def _stored_figures_follow_the_data() -> None:
    """Stored absence sums (absence/store.py) belong to the data they were computed from: any
    write to it ends their generation."""
    from django.db.models.signals import post_delete, post_save

    from absence import store
    from absence.models import AbsenceRecord
    from people.demo import register_demo_step
    from people.models import School, StaffMember
    from people.services import register_staff_import_hooks
    from school_calendar.models import Term

    for model in (AbsenceRecord, StaffMember, School, Term):
        name = model.__name__
        post_save.connect(store.data_changed, sender=model, dispatch_uid=f"sums-save-{name}")
        post_delete.connect(store.data_changed, sender=model, dispatch_uid=f"sums-delete-{name}")
    # Bulk writes send no signals: the staff import's new staff, and the demo (last of its steps).
    register_staff_import_hooks(written=store.data_changed)
    register_demo_step("absence-stored-figures", lambda world: store.data_changed(), order=10_000)
