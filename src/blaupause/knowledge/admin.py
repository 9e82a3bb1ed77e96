"""Django admin for the knowledge app: the regional office curates learning paths (ordered
offers per role) here, and finds and restores removed articles and offers. Articles, offers and
participations are written on the app's pages, where the services check the rules."""

from django.contrib import admin

from blaupause.regions.admin import RegistryAdmin, SoftDeleteFilter

from .models import (
    Article,
    ArticleAttachment,
    ExpertListing,
    LearningOffer,
    LearningParticipation,
    LearningPath,
    LearningPathStep,
)


class AttachmentInline(admin.TabularInline):
    model = ArticleAttachment
    extra = 0
    fields = ["title", "original_name", "content_type", "size", "deleted_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(RegistryAdmin):
    list_display = ["title", "kind", "status", "visibility", "author_municipality", "published_at"]
    list_filter = [SoftDeleteFilter, "kind", "status", "visibility"]
    list_select_related = ["author_municipality"]
    search_fields = ["title", "slug", "tags"]
    raw_id_fields = ["author", "author_municipality", "region", "measure"]
    inlines = [AttachmentInline]


class PathStepInline(admin.TabularInline):
    model = LearningPathStep
    extra = 1
    fields = ["order", "offer"]
    raw_id_fields = ["offer"]


@admin.register(LearningPath)
class LearningPathAdmin(RegistryAdmin):
    list_display = ["title", "role", "region"]
    list_filter = [SoftDeleteFilter, "role"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PathStepInline]


@admin.register(LearningOffer)
class LearningOfferAdmin(RegistryAdmin):
    list_display = ["title", "kind", "provider", "is_external", "is_published"]
    list_filter = [SoftDeleteFilter, "kind", "is_external", "is_published"]
    search_fields = ["title", "slug", "provider"]
    filter_horizontal = ["criteria"]
    raw_id_fields = ["event", "region"]


@admin.register(LearningParticipation)
class LearningParticipationAdmin(admin.ModelAdmin):
    list_display = ["offer", "municipality", "participants", "completed_on"]
    list_select_related = ["offer", "municipality"]
    search_fields = ["offer__title", "municipality__name"]
    raw_id_fields = ["offer", "municipality", "recorded_by"]
    date_hierarchy = "completed_on"


@admin.register(ExpertListing)
class ExpertListingAdmin(admin.ModelAdmin):
    list_display = ["user", "listed", "consented_at"]
    list_filter = ["listed"]
    search_fields = ["user__email", "topics"]
    readonly_fields = ["user", "consented_at", "updated_at"]
