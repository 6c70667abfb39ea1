from django.urls import path, re_path

from surveys import drivers_views, pulse_views, views

app_name = "surveys"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("new/", views.round_create, name="round_create"),
    path("instruments/", views.instrument_list, name="instrument_list"),
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/<int:pk>/delete/", views.cluster_delete, name="cluster_delete"),
    path("yours/", views.mine, name="mine"),
    path("how-your-answers-are-protected/", views.protection, name="protection"),
    path("take/<slug:slug>/", views.take_start, name="take_start"),
    path("take/<slug:slug>/page-<int:page>/", views.take_page, name="take_page"),
    path("take/<slug:slug>/thank-you/", views.thanks, name="thanks"),
    path("<slug:slug>/", views.round_detail, name="round_detail"),
    path("<slug:slug>/edit/", views.round_edit, name="round_edit"),
    path("<slug:slug>/questions/add/", views.question_create, name="question_create"),
    path("<slug:slug>/questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("<slug:slug>/questions/restore/", views.question_restore, name="question_restore"),
    path("<slug:slug>/instrument/add/", views.instrument_add, name="instrument_add"),
    path("<slug:slug>/copy/", views.round_copy, name="round_copy"),
    path("<slug:slug>/preview/page-<int:page>/", views.round_preview, name="round_preview"),
    path("<slug:slug>/do/<str:action>/", views.round_action, name="round_action"),
    path("<slug:slug>/response-rates/", views.rates, name="rates"),
    path("<slug:slug>/results/", views.results_page, name="results"),
    re_path(
        r"^(?P<slug>[-\w]+)/results\.(?P<fmt>json|csv)$",
        views.results_export,
        name="results_export",
    ),
    path(
        "<slug:slug>/releases/<int:number>/statement/",
        views.release_statement,
        name="release_statement",
    ),
    path(
        "<slug:slug>/releases/<int:number>/statement.csv",
        views.release_statement_csv,
        name="release_statement_csv",
    ),
    path("<slug:slug>/drivers/", drivers_views.drivers_page, name="drivers"),
    path("<slug:slug>/pulses/", pulse_views.pulses_schedule, name="pulses"),
    path("<slug:slug>/comments/", views.comments, name="comments"),
    path("<slug:slug>/comments/approve/", views.comments_approve, name="comments_approve"),
    path("<slug:slug>/comments/<uuid:pk>/", views.comment_moderate, name="comment_moderate"),
]
