"""Admin for charters. Published versions, their sections and pledges are read-only here too."""

from django.contrib import admin

from charters.models import (
    Acknowledgement,
    Charter,
    CharterVersion,
    Pledge,
    PledgeEvidence,
    Section,
)


def _published(obj) -> bool:
    if obj is None:
        return False
    if isinstance(obj, CharterVersion):
        return obj.is_published
    if isinstance(obj, Section):
        return obj.version.is_published
    if isinstance(obj, Pledge):
        return obj.section.version.is_published
    return False


class FrozenAdmin(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None):
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _published(obj) and super().has_delete_permission(request, obj)


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["position", "title"]
    extra = 0
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return not _published(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _published(obj) and super().has_delete_permission(request, obj)


class PledgeInline(SectionInline):
    model = Pledge
    fields = ["position", "commitment", "owner_role", "owner_person", "review_on", "measure_key"]
    raw_id_fields = ["owner_person"]


@admin.register(Charter)
class CharterAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "school", "current_version"]
    list_filter = ["kind", "school"]
    search_fields = ["title"]
    readonly_fields = ["current_version"]


@admin.register(CharterVersion)
class CharterVersionAdmin(FrozenAdmin):
    list_display = ["charter", "number", "status", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["number", "status", "published_at", "published_by"]
    inlines = [SectionInline]
    actions = None


@admin.register(Section)
class SectionAdmin(FrozenAdmin):
    list_display = ["title", "version", "position"]
    list_select_related = ["version__charter"]
    inlines = [PledgeInline]
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("version")


@admin.register(Pledge)
class PledgeAdmin(FrozenAdmin):
    list_display = ["commitment", "section", "owner_role", "measure_key"]
    list_select_related = ["section__version"]
    raw_id_fields = ["owner_person"]
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section__version")


@admin.register(PledgeEvidence)
class PledgeEvidenceAdmin(admin.ModelAdmin):
    list_display = ["charter", "pledge_key", "status", "evidence_on", "recorded_by"]
    list_filter = ["status"]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["version", "school", "acknowledged_at"]
    list_filter = ["school"]

    def has_change_permission(self, request, obj=None):
        return False
