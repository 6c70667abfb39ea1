from django.urls import path

from support import views

app_name = "support"

urlpatterns = [
    path("", views.index, name="index"),
    path("help/add/", views.help_line_edit, name="help_line_add"),
    path("help/<int:pk>/edit/", views.help_line_edit, name="help_line_edit"),
    path("help/<int:pk>/delete/", views.help_line_delete, name="help_line_delete"),
    path("flexible-working/", views.flexible_policy, name="flexible_policy"),
    path("flexible-working/policy/edit/", views.flexible_policy_edit, name="flexible_policy_edit"),
    path("flexible-working/register/", views.flexible_list, name="flexible_list"),
    path("flexible-working/register/add/", views.flexible_edit, name="flexible_add"),
    path("flexible-working/register/<int:pk>/", views.flexible_edit, name="flexible_edit"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/add/", views.support_role_add, name="support_role_add"),
    path("coverage/<int:pk>/training/", views.training_edit, name="training_edit"),
    path("coverage/<int:pk>/remove/", views.support_role_remove, name="support_role_remove"),
    path("training/", views.training, name="training"),
    path("training/add/", views.training_programme_edit, name="training_programme_add"),
    path("training/<int:pk>/edit/", views.training_programme_edit, name="training_programme_edit"),
    path("training/record/", views.training_completion_add, name="training_completion_add"),
    path("training/import/", views.training_import, name="training_import"),
    path("training/due/", views.training_due, name="training_due"),
    path("training/mine/", views.my_training, name="my_training"),
    path("leaders/", views.leaders, name="leaders"),
    path("leaders/check-in/", views.leader_checkin_add, name="leader_checkin_add"),
    path("leaders/new/", views.new_leader_edit, name="new_leader_add"),
    path("leaders/new/<int:pk>/", views.new_leader_edit, name="new_leader_edit"),
    path("leave/", views.leave_list, name="leave_list"),
    path("leave/add/", views.leave_edit, name="leave_add"),
    path("leave/<int:pk>/", views.leave_edit, name="leave_edit"),
    path("people/", views.people, name="people"),
    path("casework/", views.casework, name="casework"),
    path("exit-comments/", views.exit_comments, name="exit_comments"),
    path("exit-comments/<uuid:pk>/", views.exit_comment_review, name="exit_comment_review"),
    path("exit/<str:token>/", views.exit_interview, name="exit_interview"),
]
