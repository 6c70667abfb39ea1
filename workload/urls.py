from django.urls import path

from school_calendar import views as term_views
from workload.views import data_drops, directed_time, meetings, quiet_hours, rules

app_name = "workload"

urlpatterns = [
    path("", quiet_hours.index, name="index"),
    path("quiet-hours/", quiet_hours.quiet_hours, name="quiet_hours"),
    path("quiet-hours.json", quiet_hours.quiet_hours_json, name="quiet_hours_json"),
    path("meetings/", meetings.meetings, name="meetings"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("calendar/renew/", meetings.calendar_token_renew, name="calendar_token_renew"),
    path("calendar/<str:token>.ics", meetings.calendar_feed, name="calendar_feed"),
    path("directed-time/", directed_time.directed_time, name="directed_time"),
    path("directed-time/events/new/", directed_time.directed_event_new, name="directed_event_new"),
    path("rules/", rules.rules, name="rules"),
    path("terms/", term_views.terms, name="terms"),
    path("terms/new/", term_views.term_new, name="term_new"),
    path("terms/<int:pk>/edit/", term_views.term_edit, name="term_edit"),
    path("terms/<int:pk>/delete/", term_views.term_delete, name="term_delete"),
    path("data-drops/", data_drops.data_drops, name="data_drops"),
    path("data-drops/new/", data_drops.data_drop_new, name="data_drop_new"),
    path("impact-assessments/", data_drops.impact_assessments, name="impact_assessments"),
    path("impact-assessments/new/", data_drops.impact_assessment_new, name="impact_assessment_new"),
]
