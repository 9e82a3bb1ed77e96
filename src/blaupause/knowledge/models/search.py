"""The search index: one row per searchable object (article, measure, joint project, event).

The row holds what the result list shows (title, plain text, address), what the filters and
the visibility check need (kind, facets, region, network, visibility) and the analysed terms
of `core.german.analyze`. The backend index is built from these terms: a stored tsvector with
a GIN index on PostgreSQL, an FTS5 table on SQLite (both created outside the model, see
`knowledge.search.backends`).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..search.constants import DocumentKind, DocumentVisibility, FacetName


class SearchDocument(models.Model):
    kind = models.CharField(_("Art"), max_length=20, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField(_("Objekt"))
    object_uuid = models.UUIDField(_("UUID des Objekts"), null=True, blank=True)
    title = models.CharField(_("Titel"), max_length=300)
    text = models.TextField(_("Text"), blank=True)
    url = models.CharField(_("Adresse"), max_length=500)
    type_label = models.CharField(_("Typ"), max_length=120, blank=True)
    # No index on the visibility (nor with the region): four in five documents are public, so
    # it never narrows a search, and PostgreSQL's planner ANDed its bitmap with the full-text
    # index's, which tripled the time of every search (12 ms instead of 5 at 100,000 rows).
    visibility = models.CharField(
        _("Sichtbarkeit"), max_length=20, choices=DocumentVisibility.choices
    )
    region_id = models.PositiveBigIntegerField(_("Region"), null=True, blank=True)
    network_id = models.PositiveBigIntegerField(_("Netzwerk"), null=True, blank=True)
    # Analysed terms (space separated): stems of the title and the text, and their compound
    # parts. Both backends index exactly these.
    title_terms = models.TextField(blank=True)
    text_terms = models.TextField(blank=True)
    title_parts = models.TextField(blank=True)
    text_parts = models.TextField(blank=True)
    # Filled on PostgreSQL only (weights A–D over the four term columns).
    search_vector = SearchVectorField(null=True, blank=True, editable=False)
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Suchindex-Eintrag")
        verbose_name_plural = _("Suchindex")
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchdocument_unique")
        ]

    def __str__(self) -> str:
        return self.title


class SearchFacet(models.Model):
    """One facet value of a document (a document may have several life areas or municipalities)."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=20, choices=FacetName.choices)
    value = models.CharField(max_length=200)
    label = models.CharField(max_length=250)

    class Meta:
        verbose_name = _("Suchfacette")
        verbose_name_plural = _("Suchfacetten")
        indexes = [models.Index(fields=["name", "value"])]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
