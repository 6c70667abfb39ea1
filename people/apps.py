from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self):
        from people.import_jobs import register_import_kind, staff_import_kind
        from people.models import AbsenceImport

        register_import_kind(AbsenceImport.Kind.STAFF, staff_import_kind())
