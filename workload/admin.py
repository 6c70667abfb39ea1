"""Admin for workload.

History is read-only here: the rules change log, notification records (which never show an
address or the content of an email) and meetings (change or cancel them from the meeting page,
which checks the rules and tells invitees). Rules saved here go through the service, so the
change is recorded like one made on the rules page. Calendar tokens are credentials: only
revoking (deleting) is offered, and the token itself is never shown.
"""

from django.contrib import admin

from workload import services
from workload.models import (
    CalendarToken,
    DataDrop,
    DirectedEvent,
    ImpactAssessment,
    Meeting,
    RulesChange,
    WorkloadRules,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RulesChangeInline(admin.TabularInline):
    model = RulesChange
    fields = ["changed_at", "changed_by", "changes", "reason"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkloadRules)
class WorkloadRulesAdmin(admin.ModelAdmin):
    list_display = ["__str__", "latest_meeting_finish", "max_meeting_minutes", "min_notice_days"]
    fields = ["school", *WorkloadRules.RULE_FIELDS]
    inlines = [RulesChangeInline]

    def get_readonly_fields(self, request, obj=None):
        return ["school"] if obj else []

    def save_model(self, request, obj, form, change):
        values = {f: form.cleaned_data[f] for f in WorkloadRules.RULE_FIELDS}
        saved = services.rules_update(
            school=form.cleaned_data.get("school", obj.school),
            values=values,
            changed_by=request.user,
            reason="Changed in the Django admin.",
        )
        obj.pk = saved.pk


@admin.register(RulesChange)
class RulesChangeAdmin(ReadOnlyAdmin):
    list_display = ["rules", "changed_at", "changed_by", "reason"]
    list_filter = ["rules"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "school", "starts_at", "ends_at", "organiser", "cancelled_at"]
    list_filter = ["school"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    exclude = ["invitees"]
    readonly_fields = ["invitee_count"]

    @admin.display(description="invitees")
    def invitee_count(self, obj):
        return obj.invitees.count()


@admin.register(DirectedEvent)
class DirectedEventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "school", "day", "hours"]
    list_filter = ["kind", "school"]


@admin.register(DataDrop)
class DataDropAdmin(admin.ModelAdmin):
    list_display = ["title", "school", "academic_year", "due_on"]
    list_filter = ["academic_year", "school"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(ImpactAssessment)
class ImpactAssessmentAdmin(admin.ModelAdmin):
    list_display = ["title", "school", "starts_on", "expected_impact"]
    list_filter = ["expected_impact", "school"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    fields = ["user", "created_at"]
    readonly_fields = fields
    search_fields = ["user__email"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
