from django.contrib import admin

from simple_history.admin import SimpleHistoryAdmin

from .models import AuditEvent, LegalPage


@admin.register(LegalPage)
class LegalPageAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "updated_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "verb", "target_label", "municipality_ags"]
    list_filter = ["verb"]
    search_fields = ["actor_label", "target_label", "verb"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
