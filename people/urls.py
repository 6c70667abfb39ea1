from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/import/", views.staff_import, name="staff_import"),
]
