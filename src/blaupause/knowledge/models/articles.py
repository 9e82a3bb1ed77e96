"""Knowledge articles (templates, council drafts, tender documents, lessons learned, how-tos,
best practices) with attachments, and the consent to be listed in the expert finder."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from blaupause.core.models import BaseModel

from ..constants import ArticleKind, ArticleStatus, Licence, Visibility


class Article(BaseModel):
    title = models.CharField(_("Titel"), max_length=250)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=ArticleKind.choices, db_index=True)
    summary = models.CharField(_("Kurzfassung"), max_length=500, blank=True)
    body = models.TextField(_("Text (Markdown)"), blank=True)
    licence = models.CharField(
        _("Lizenz"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_4
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=ArticleStatus.choices,
        default=ArticleStatus.DRAFT,
        db_index=True,
    )
    visibility = models.CharField(
        _("Sichtbarkeit"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Autorin oder Autor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_articles",
    )
    author_municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("Kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_articles",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("Region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_articles",
    )
    # Best practices (and any other article) may name the measure they are about.
    measure = models.ForeignKey(
        "strategies.Measure",
        verbose_name=_("Maßnahme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_articles",
    )
    field_title = models.CharField(_("Handlungsfeld"), max_length=200, blank=True)
    life_area_title = models.CharField(_("Lebensbereich"), max_length=200, blank=True)
    tags = models.CharField(_("Schlagwörter"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Wissensartikel")
        verbose_name_plural = _("Wissensartikel")
        ordering = ["-published_at", "title", "id"]
        indexes = [models.Index(fields=["status", "visibility", "kind"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:article_detail", kwargs={"slug": self.slug})

    @property
    def municipality_id(self) -> int | None:
        """The owning municipality for the shared role predicates."""
        return self.author_municipality_id

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED


class ArticleAttachment(BaseModel):
    """A file of an article: PDF, DOCX, XLSX or ODT, type detected from the content."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(_("Datei"), upload_to="knowledge/%Y/%m/", max_length=300)
    original_name = models.CharField(_("ursprünglicher Dateiname"), max_length=255, blank=True)
    content_type = models.CharField(_("Dateityp"), max_length=120)
    size = models.PositiveBigIntegerField(_("Größe (Byte)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")
        ordering = ["article", "title", "id"]

    def __str__(self) -> str:
        return self.title


class ExpertListing(models.Model):
    """A person's consent to appear in the expert finder ("wer hat das schon gemacht?")."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_listing"
    )
    listed = models.BooleanField(_("im Expertenverzeichnis zeigen"), default=False)
    topics = models.CharField(_("Themen, zu denen ich ansprechbar bin"), max_length=500, blank=True)
    contact_note = models.CharField(_("Hinweis zur Kontaktaufnahme"), max_length=300, blank=True)
    consented_at = models.DateTimeField(_("zugestimmt am"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Eintrag im Expertenverzeichnis")
        verbose_name_plural = _("Einträge im Expertenverzeichnis")

    def __str__(self) -> str:
        return str(self.user)
