from django.urls import path

from school_calendar import views as term_views
from workload import views

app_name = "workload"

urlpatterns = [
    path("", views.index, name="index"),
    path("quiet-hours/", views.quiet_hours, name="quiet_hours"),
    path("quiet-hours.json", views.quiet_hours_json, name="quiet_hours_json"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("calendar/renew/", views.calendar_token_renew, name="calendar_token_renew"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("directed-time/", views.directed_time, name="directed_time"),
    path("directed-time/events/new/", views.directed_event_new, name="directed_event_new"),
    path("rules/", views.rules, name="rules"),
    path("terms/", term_views.terms, name="terms"),
    path("terms/new/", term_views.term_new, name="term_new"),
    path("terms/<int:pk>/edit/", term_views.term_edit, name="term_edit"),
    path("terms/<int:pk>/delete/", term_views.term_delete, name="term_delete"),
    path("data-drops/", views.data_drops, name="data_drops"),
    path("data-drops/new/", views.data_drop_new, name="data_drop_new"),
    path("impact-assessments/", views.impact_assessments, name="impact_assessments"),
    path("impact-assessments/new/", views.impact_assessment_new, name="impact_assessment_new"),
]
