from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from people import views as people_views

# The admin signs in through the portal's own login, so its rate limits and MFA apply there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", people_views.home, name="home"),
    path("health/", people_views.health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("people/", include("people.urls")),
    path("support/", include("support.urls")),
    path("charters/", include("charters.urls")),
    path("actions/", include("actions.urls")),
    path("surveys/", include("surveys.urls")),
    path("workload/", include("workload.urls")),
    path("absence/", include("absence.urls", namespace="absence")),
    path("email-hours/", include("email_hours.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("admin/", admin.site.urls),
]
