from django.contrib import admin

from simple_history.admin import SimpleHistoryAdmin

from .models import Comment, CommentReport, Consultation


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["strategy", "starts_at", "ends_at", "closed_at", "is_demo"]
    list_select_related = ["strategy"]
    raw_id_fields = ["strategy", "opened_by", "closed_by"]


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "consultation", "section", "author", "outcome", "hidden_at"]
    list_filter = ["section", "outcome"]
    list_select_related = ["consultation__strategy", "author"]
    raw_id_fields = [
        "consultation",
        "value",
        "field",
        "goal",
        "measure",
        "parent",
        "author",
        "author_municipality",
        "outcome_by",
        "hidden_by",
    ]


@admin.register(CommentReport)
class CommentReportAdmin(admin.ModelAdmin):
    list_display = ["comment", "reporter", "created_at", "resolved_at"]
    raw_id_fields = ["comment", "reporter", "resolved_by"]
