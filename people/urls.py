from django.urls import path

from people import import_views, views
from people.models import AbsenceImport

app_name = "people"
KIND = {"kind": AbsenceImport.Kind.STAFF}

urlpatterns = [
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/import/", views.staff_import, name="staff_import"),
    path("staff/import/<int:pk>/", import_views.import_status, KIND, name="staff_import_status"),
    path(
        "staff/import/<int:pk>/retry/",
        import_views.import_retry,
        KIND,
        name="staff_import_retry",
    ),
    path(
        "staff/import/<int:pk>/apply/",
        import_views.import_apply,
        KIND,
        name="staff_import_apply",
    ),
    path(
        "staff/import/<int:pk>/progress.json",
        import_views.import_progress,
        KIND,
        name="staff_import_progress",
    ),
]
