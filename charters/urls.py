from django.urls import path

from charters import views

app_name = "charters"

urlpatterns = [
    path("", views.index, name="index"),
    path("status/", views.status, name="status"),
    path("manage/", views.manage, name="manage"),
    path("manage/import/", views.charter_import, name="import"),
    path("acknowledgements/", views.acknowledgements, name="acknowledgements"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/v<int:number>/", views.version, name="version"),
    path("<int:pk>/v<int:number>/print/", views.print_view, name="print"),
    path("<int:pk>/v<int:number>/pdf/", views.pdf_view, name="pdf"),
    path("<int:pk>/v<int:number>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/draft/", views.draft, name="draft"),
    path("<int:pk>/draft/start/", views.draft_start, name="draft_start"),
    path("<int:pk>/draft/details/", views.draft_edit, name="draft_edit"),
    path("<int:pk>/draft/sections/add/", views.section_add, name="section_add"),
    path("<int:pk>/draft/publish/", views.publish, name="publish"),
    path("<int:pk>/pledges/<uuid:pledge_key>/evidence/", views.evidence, name="evidence"),
    path("sections/<int:section_id>/edit/", views.section_edit, name="section_edit"),
    path("sections/<int:section_id>/delete/", views.section_delete, name="section_delete"),
    path("<int:pk>/draft/restore/", views.draft_item_restore, name="draft_item_restore"),
    path("sections/<int:section_id>/pledges/add/", views.pledge_add, name="pledge_add"),
    path("pledges/<int:pledge_id>/edit/", views.pledge_edit, name="pledge_edit"),
    path("pledges/<int:pledge_id>/delete/", views.pledge_delete, name="pledge_delete"),
]
