from django.urls import path

from dashboards import evidence_views, views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("trust/", views.trust, name="trust"),
    path("school/<str:urn>/", views.school, name="school"),
    path("evidence/", evidence_views.evidence_page, name="evidence"),
    path("reports/", views.reports, name="reports"),
    path("reports/build/", views.report_build, name="report_build"),
    path("reports/builds/<int:pk>/retry/", views.report_build_retry, name="report_build_retry"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/csv/", views.report_csv, name="report_csv"),
    path("reports/<int:pk>/json/", views.report_json, name="report_json"),
]
