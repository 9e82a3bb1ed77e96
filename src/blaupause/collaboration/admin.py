"""Django admin for the collaboration app: find and restore removed projects and procurement
plans, look at partners and synergy suggestions. Day-to-day work happens on the app's pages,
where the services check the rules."""

from django.contrib import admin

from blaupause.regions.admin import RegistryAdmin, SoftDeleteFilter

from .models import JointProject, ProcurementPlan, ProjectPartner, SynergySuggestion


class PartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    fields = ["municipality", "status", "share", "invited_at", "responded_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JointProject)
class JointProjectAdmin(RegistryAdmin):
    list_display = ["title", "lead_municipality", "agreement_status", "funding_status", "is_public"]
    list_filter = [SoftDeleteFilter, "agreement_status", "funding_status", "is_public"]
    list_select_related = ["lead_municipality"]
    search_fields = ["title"]
    raw_id_fields = ["measure", "network", "lead_municipality", "created_by"]
    inlines = [PartnerInline]


@admin.register(ProcurementPlan)
class ProcurementPlanAdmin(RegistryAdmin):
    list_display = ["subject", "municipality", "category", "planned_on", "open_for_partners"]
    list_filter = [SoftDeleteFilter, "category", "open_for_partners"]
    list_select_related = ["municipality"]
    search_fields = ["subject", "product", "ozg_service"]
    raw_id_fields = ["municipality", "measure", "created_by"]
    date_hierarchy = "planned_on"


@admin.register(SynergySuggestion)
class SynergySuggestionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "score", "computed_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    readonly_fields = [field.name for field in SynergySuggestion._meta.fields]
    filter_horizontal = []

    def has_add_permission(self, request):
        return False
