"""Admin of the workshops app: look at boards, restore deleted cards and clusters."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from simple_history.admin import SimpleHistoryAdmin

from .models import Card, Cluster, Participant, Workshop


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ("display_name", "user", "municipality", "joined_at", "removed_at")
    readonly_fields = ("joined_at",)
    raw_id_fields = ("user", "municipality")


@admin.register(Workshop)
class WorkshopAdmin(SimpleHistoryAdmin):
    list_display = ("title", "strategy", "step", "focus", "scheduled_at", "deleted_at")
    list_filter = ("step", "focus")
    search_fields = ("title", "question")
    raw_id_fields = ("strategy", "facilitator", "event")
    readonly_fields = ("revision",)
    inlines = [ParticipantInline]

    def get_queryset(self, request):
        return Workshop.all_objects.select_related("strategy")


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ("title", "workshop", "order", "deleted_at")
    search_fields = ("title",)
    raw_id_fields = ("workshop",)
    actions = ["restore"]

    def get_queryset(self, request):
        return Cluster.all_objects.select_related("workshop")

    @admin.action(description=_("Gelöschte wiederherstellen"))
    def restore(self, request, queryset):
        queryset.update(deleted_at=None)


@admin.register(Card)
class CardAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "workshop", "cluster", "anonymous", "deleted_at")
    list_filter = ("anonymous",)
    search_fields = ("text",)
    raw_id_fields = ("workshop", "author", "cluster")
    actions = ["restore"]

    def get_queryset(self, request):
        return Card.all_objects.select_related("workshop", "cluster")

    @admin.action(description=_("Gelöschte wiederherstellen"))
    def restore(self, request, queryset):
        queryset.update(deleted_at=None)
