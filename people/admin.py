from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from people.models import RoleAssignment, School, StaffMember, Trust, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        ("Status", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Trust)
class TrustAdmin(admin.ModelAdmin):
    list_display = ["name", "min_group_size", "comment_min_group_size"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["urn", "name", "phase"]
    search_fields = ["urn", "name"]


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ["staff_id", "user", "school", "role_group", "fte", "start_date", "end_date"]
    list_filter = ["role_group", "school"]
    search_fields = ["staff_id", "user__email", "user__last_name"]
    list_select_related = ["user", "school"]
    raw_id_fields = ["user"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "school", "training_lapses_on"]
    list_filter = ["role", "school"]
    list_select_related = ["user", "school"]
    raw_id_fields = ["user"]
