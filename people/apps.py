from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from people import absence_store
        from people.models import AbsenceRecord, School, StaffMember

        # Stored absence sums belong to the data they were computed from (people/absence_store.py).
        for model in (AbsenceRecord, StaffMember, School):
            post_save.connect(
                absence_store.data_changed, sender=model, dispatch_uid=f"sums-{model}"
            )
            post_delete.connect(
                absence_store.data_changed, sender=model, dispatch_uid=f"sums-del-{model}"
            )
