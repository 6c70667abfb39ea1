from django.contrib import admin

from actions.models import Action, ActionChange, Newsletter

# DifferenceVoter is deliberately not registered: who answered is nobody's business.


class ActionChangeInline(admin.TabularInline):
    model = ActionChange
    extra = 0
    can_delete = False
    readonly_fields = ["changed_at", "changed_by", "status", "changes", "created"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["we_will", "school", "status", "due_on", "owner"]
    list_filter = ["status", "theme", "school"]
    search_fields = ["you_said", "we_will", "we_did"]
    raw_id_fields = ["owner", "round", "question", "comment", "created_by"]
    readonly_fields = ["created_at", "updated_at"]
    # The "made a difference" tally is shown only at or above the minimum group size, by the
    # portal's own pages; the admin has no such check, so it does not show the counters at all.
    exclude = ["made_difference", "made_no_difference"]
    inlines = [ActionChangeInline]

    # Changes go through the portal's forms so that each one is kept in the history.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    list_display = ["title", "term_key", "state", "published_at"]
    readonly_fields = ["generated_at", "published_at"]
