"""Admin for support. Exit questionnaire answers and invitations are deliberately not registered:
nobody, the Django admin included, may look at a leaver's answers one by one."""

from django.contrib import admin

from support.forms import FlexibleRequestForm
from support.models import CaseworkCount, FlexibleWorkingPolicy, FlexibleWorkingRequest, HelpLine


@admin.register(HelpLine)
class HelpLineAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "website", "position"]


@admin.register(CaseworkCount)
class CaseworkCountAdmin(admin.ModelAdmin):
    list_display = ["term_key", "school", "grievances", "complaints", "disciplinaries", "disputes"]
    list_filter = ["term_key"]


@admin.register(FlexibleWorkingRequest)
class FlexibleWorkingRequestAdmin(admin.ModelAdmin):
    list_display = ["received_on", "school", "role_group", "kind", "decision", "decided_on"]
    list_filter = ["decision", "kind"]
    # The register form's fields and order (the model lists the shared DecidedRequest ones first).
    fields = FlexibleRequestForm.Meta.fields


admin.site.register(FlexibleWorkingPolicy)
