from django.urls import path

from people import absence_views as views

app_name = "absence"

urlpatterns = [
    path("", views.absence_figures, name="figures"),
    path("import/", views.absence_import, name="import"),
    path("import/<int:pk>/", views.absence_import_status, name="import_status"),
    path("import/<int:pk>/retry/", views.absence_import_retry, name="import_retry"),
    path("import/<int:pk>/progress.json", views.absence_import_progress, name="import_progress"),
    path("records/", views.absence_records, name="records"),
]
