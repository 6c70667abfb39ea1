from django.urls import path

from absence import views
from people import import_views
from people.models import AbsenceImport

app_name = "absence"
KIND = {"kind": AbsenceImport.Kind.ABSENCE}

urlpatterns = [
    path("", views.absence_figures, name="figures"),
    path("import/", views.absence_import, name="import"),
    path("import/<int:pk>/", import_views.import_status, KIND, name="import_status"),
    path("import/<int:pk>/retry/", import_views.import_retry, KIND, name="import_retry"),
    path("import/<int:pk>/apply/", import_views.import_apply, KIND, name="import_apply"),
    path(
        "import/<int:pk>/progress.json",
        import_views.import_progress,
        KIND,
        name="import_progress",
    ),
    path("records/", views.absence_records, name="records"),
]
