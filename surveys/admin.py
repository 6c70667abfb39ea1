"""Admin for surveys: instruments and clusters only.

Responses, comments, pending (sealed) responses and invitations are deliberately not
registered: nobody, including administrators, may look at one person's answers or line them up
with who took part.
"""

from django.contrib import admin

from surveys.models import Instrument, ReportingCluster


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "builtin", "loaded_at"]
    readonly_fields = ["definition", "builtin", "loaded_at"]


@admin.register(ReportingCluster)
class ReportingClusterAdmin(admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["schools"]
