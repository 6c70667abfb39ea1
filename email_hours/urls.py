from django.urls import path

from email_hours import views

app_name = "email_hours"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("upload/", views.upload, name="upload"),
]
