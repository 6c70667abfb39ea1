from django.urls import path

from dashboards import board_pages, build_pages, evidence_views, pack_pages, views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("trust/", views.trust, name="trust"),
    path("school/<str:urn>/", views.school, name="school"),
    path("thresholds/", board_pages.thresholds, name="thresholds"),
    path("evidence/", evidence_views.evidence_page, name="evidence"),
    path("reports/", views.reports, name="reports"),
    path("reports/build/", views.report_build, name="report_build"),
    path("reports/builds/<int:pk>/", build_pages.build_status, name="build_status"),
    path(
        "reports/builds/<int:pk>/progress/",
        build_pages.build_status_json,
        name="build_status_json",
    ),
    path("reports/builds/<int:pk>/retry/", views.report_build_retry, name="report_build_retry"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("reports/packs/<int:pk>/", pack_pages.pack_status, name="pack_status"),
    path("reports/packs/<int:pk>/progress/", pack_pages.pack_progress_json, name="pack_progress"),
    path("reports/packs/<int:pk>/retry/", pack_pages.pack_retry, name="pack_retry"),
    path("reports/packs/<int:pk>/download/", pack_pages.pack_download, name="pack_download"),
    path("reports/<int:pk>/csv/", views.report_csv, name="report_csv"),
    path("reports/<int:pk>/json/", views.report_json, name="report_json"),
    path("reports/<int:pk>/table.csv", views.report_table_csv, name="report_table_csv"),
]
