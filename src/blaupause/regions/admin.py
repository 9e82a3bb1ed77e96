"""Django admin for the registry, with history. Day-to-day edits happen on the public pages."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from simple_history.admin import SimpleHistoryAdmin

from .models import District, Municipality, Network, Region


class SoftDeleteFilter(admin.SimpleListFilter):
    title = _("Status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", _("aktiv")), ("deleted", _("gelöscht"))]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "deleted":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


class RegistryAdmin(SimpleHistoryAdmin):
    """Shows soft-deleted rows too, so that an admin can find and restore them."""

    list_filter = [SoftDeleteFilter]
    readonly_fields = ["uuid", "created_at", "updated_at", "deleted_at", "version"]

    def get_queryset(self, request):
        return self.model.all_objects.all()

    @admin.action(description=_("Gelöschte wiederherstellen"))
    def restore(self, request, queryset):
        restored = 0
        for obj in queryset.filter(deleted_at__isnull=False):
            obj.deleted_at = None
            obj.save(update_fields=["deleted_at", "updated_at"])
            restored += 1
        self.message_user(request, _("%(count)s wiederhergestellt.") % {"count": restored})

    actions = ["restore"]


@admin.register(Region)
class RegionAdmin(RegistryAdmin):
    list_display = ["name", "short_name", "slug", "ags_prefix", "office_name"]
    search_fields = ["name", "slug"]


@admin.register(District)
class DistrictAdmin(RegistryAdmin):
    list_display = ["name", "ags", "kind", "region"]
    list_filter = [SoftDeleteFilter, "kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name", "ags", "slug"]


@admin.register(Municipality)
class MunicipalityAdmin(RegistryAdmin):
    list_display = ["name", "ags", "kind", "district", "population"]
    list_filter = [SoftDeleteFilter, "kind", "district__region"]
    list_select_related = ["district"]
    search_fields = ["name", "ags"]
    autocomplete_fields = ["district"]
    readonly_fields = [*RegistryAdmin.readonly_fields, "geometry"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        # Boundaries are large: load them only when one municipality is shown.
        return super().get_queryset(request).defer("geometry")


@admin.register(Network)
class NetworkAdmin(RegistryAdmin):
    list_display = ["name", "slug", "coordinating_body", "region", "district", "founded"]
    list_select_related = ["region", "district"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["municipalities", "district"]
