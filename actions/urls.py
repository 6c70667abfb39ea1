from django.urls import path

from actions import views

app_name = "actions"

urlpatterns = [
    path("", views.board, name="board"),
    path("mine/", views.my_actions, name="mine"),
    path("manage/", views.manage, name="manage"),
    path("new/<str:scope>/", views.action_new, name="new"),
    path("<int:pk>/", views.action_detail, name="detail"),
    path("<int:pk>/edit/", views.action_edit, name="edit"),
    path("<int:pk>/difference/", views.action_rate, name="rate"),
    path("newsletters/", views.newsletter_list, name="newsletter_list"),
    path("newsletters/new/", views.newsletter_new, name="newsletter_new"),
    path("newsletters/<int:pk>/", views.newsletter_detail, name="newsletter_detail"),
    path("newsletters/<int:pk>/edit/", views.newsletter_edit, name="newsletter_edit"),
    path("newsletters/<int:pk>/refresh/", views.newsletter_refresh, name="newsletter_refresh"),
    path("newsletters/<int:pk>/publish/", views.newsletter_publish, name="newsletter_publish"),
]
