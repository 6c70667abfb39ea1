"""Admin for the portal's email: records are evidence for the quiet-hours pledge, read-only, and
never show an address or the content of an email."""

from django.contrib import admin

from notifications.models import NotificationRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NotificationRecord)
class NotificationRecordAdmin(ReadOnlyAdmin):
    list_display = ["template", "recipients", "school", "queued_at", "due_at", "sent_at"]
    list_filter = ["out_of_hours", "urgent", "template"]
    # Never the addresses or the content, whether or not the email has gone.
    fields = [
        "template",
        "recipients",
        "school",
        "urgent",
        "queued_at",
        "due_at",
        "sent_at",
        "out_of_hours",
    ]
