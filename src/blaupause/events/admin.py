"""Django admin for events: find and restore removed events and agenda items, look at
registrations. Day-to-day work happens on the event pages (services check the rules there)."""

from django.contrib import admin

from blaupause.regions.admin import RegistryAdmin, SoftDeleteFilter

from .models import AgendaItem, Event, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["user", "municipality", "status", "registered_at", "promoted_at", "attended"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(RegistryAdmin):
    list_display = ["title", "starts_at", "format", "audience", "network", "region", "capacity"]
    list_filter = [SoftDeleteFilter, "format", "audience", "network"]
    list_select_related = ["network", "region"]
    search_fields = ["title", "location_name"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["organiser"]
    filter_horizontal = ["invited_municipalities"]
    readonly_fields = [
        *RegistryAdmin.readonly_fields,
        "cancelled_at",
        "reminder_sent_at",
        "invited_users",
    ]
    inlines = [RegistrationInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(RegistryAdmin):
    list_display = ["title", "event", "order", "starts_at"]
    list_select_related = ["event"]
    search_fields = ["title", "event__title"]
    raw_id_fields = ["event"]
    filter_horizontal = ["measures"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "status", "registered_at", "attended"]
    list_filter = ["status"]
    list_select_related = ["user", "event"]
    search_fields = ["user__email", "user__name", "event__title"]
    raw_id_fields = ["user", "event", "municipality"]
    readonly_fields = ["uuid", "registered_at", "promoted_at", "cancelled_at"]

    def has_add_permission(self, request):
        # Registrations go through the event page: it keeps the waiting list right.
        return False
