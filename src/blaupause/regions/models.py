"""Regions, districts (Kreise and kreisfreie Städte), municipalities and networks."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from blaupause.core.models import BaseModel

from .constants import DistrictKind, MunicipalityKind, SizeClass, size_class_for


class Region(BaseModel):
    """A region that a regional office serves, e.g. OWL (= Regierungsbezirk Detmold).

    Districts belong to a region when their AGS starts with `ags_prefix` (3 digits: Land +
    Regierungsbezirk).
    """

    slug = models.SlugField(_("Kurzname"), unique=True)
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzform"), max_length=40, blank=True)
    ags_prefix = models.CharField(_("AGS-Präfix"), max_length=3, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    office_name = models.CharField(_("Regionale Geschäftsstelle"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Region")
        verbose_name_plural = _("Regionen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:region_detail", kwargs={"slug": self.slug})


class District(BaseModel):
    """A Kreis or a kreisfreie Stadt, keyed by the 5-digit Kreisschlüssel."""

    ags = models.CharField(_("Kreisschlüssel"), max_length=5, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=DistrictKind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("Region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="districts",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kreis")
        verbose_name_plural = _("Kreise")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:district_detail", kwargs={"slug": self.slug})


class Municipality(BaseModel):
    """A Gemeinde/Stadt, keyed by its 8-digit Amtlicher Gemeindeschlüssel (AGS)."""

    ags = models.CharField(_("AGS"), max_length=8, unique=True)
    name = models.CharField(_("Name"), max_length=200, db_index=True)
    kind = models.CharField(_("Art"), max_length=40, choices=MunicipalityKind.choices)
    district = models.ForeignKey(
        District, verbose_name=_("Kreis"), on_delete=models.PROTECT, related_name="municipalities"
    )
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    population_date = models.DateField(_("Stichtag der Einwohnerzahl"), null=True, blank=True)
    population_source = models.CharField(_("Quelle der Einwohnerzahl"), max_length=500, blank=True)
    geometry = models.JSONField(_("Geometrie (GeoJSON)"), null=True, blank=True)

    # Profile kept by the municipality itself (CDO or regional admin).
    website = models.URLField(_("Website"), blank=True)
    contact_name = models.CharField(_("Ansprechperson Digitalisierung"), max_length=200, blank=True)
    contact_email = models.EmailField(_("E-Mail der Ansprechperson"), blank=True)
    description = models.TextField(_("Kurzbeschreibung"), blank=True)

    history = HistoricalRecords(excluded_fields=["geometry"])

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["name", "ags"]
        # The last change of the table versions cached counts and benchmarks (`core.fingerprint`).
        indexes = [models.Index(fields=["updated_at"], name="municipality_updated_at")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:municipality_detail", kwargs={"ags": self.ags})

    @property
    def size_class(self) -> str | None:
        return size_class_for(self.population)

    @property
    def size_class_label(self) -> str:
        size_class = self.size_class
        return SizeClass(size_class).label if size_class else ""

    @property
    def audit_municipality_ags(self) -> str:
        return self.ags


#: The document types a network's mandate may have (checked by content when uploaded).
MANDATE_TYPE_LABELS = {
    "application/pdf": _("PDF"),
    "application/vnd.oasis.opendocument.text": _("OpenDocument-Text"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _("Word"),
}


def mandate_upload_to(instance, filename: str) -> str:
    """Where a mandate document lies: by network, under a random name.

    Only the extension of `filename` is kept; the service passes the one that matches the
    checked content.
    """
    extension = Path(filename).suffix.lower()
    if not extension.isascii() or not extension[1:].isalnum() or len(extension) > 6:
        extension = ""
    return f"netzwerke/{instance.uuid}/auftrag/{uuid.uuid4().hex}{extension}"


class Network(BaseModel):
    """A cooperation of municipalities, e.g. the network of the Lippe CDOs."""

    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzform"), max_length=60, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    history_text = models.TextField(_("Geschichte"), blank=True)
    coordinating_body = models.CharField(_("Koordinierende Stelle"), max_length=200, blank=True)
    founded = models.PositiveSmallIntegerField(_("Gründungsjahr"), null=True, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("Region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="networks",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("Kreis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="networks",
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("Mitglieder"), related_name="networks", blank=True
    )

    # Governance: who coordinates, how often the network meets, and its mandate.
    coordinating_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Koordinierende Kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_networks",
    )
    meeting_rhythm = models.CharField(_("Treffen"), max_length=200, blank=True, db_default="")
    mandate_title = models.CharField(
        _("Auftrag (Titel)"), max_length=200, blank=True, db_default=""
    )
    mandate_body = models.CharField(_("Beschlossen von"), max_length=200, blank=True, db_default="")
    mandate_date = models.DateField(_("Datum des Beschlusses"), null=True, blank=True)
    mandate_date_note = models.CharField(
        _("Hinweis zum Datum"), max_length=200, blank=True, db_default=""
    )
    mandate_url = models.URLField(
        _("Link zum Beschluss"), max_length=500, blank=True, db_default=""
    )
    mandate_description = models.TextField(_("Inhalt des Auftrags"), blank=True, db_default="")
    mandate_file = models.FileField(
        _("Dokument zum Auftrag"),
        upload_to=mandate_upload_to,
        max_length=255,
        blank=True,
        db_default="",
    )
    mandate_file_name = models.CharField(_("Dateiname"), max_length=255, blank=True, db_default="")
    mandate_file_type = models.CharField(_("Dateityp"), max_length=120, blank=True, db_default="")
    mandate_file_size = models.PositiveBigIntegerField(_("Größe in Byte"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Netzwerk")
        verbose_name_plural = _("Netzwerke")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:network_detail", kwargs={"slug": self.slug})

    @property
    def mandate_file_type_label(self) -> str:
        return str(MANDATE_TYPE_LABELS.get(self.mandate_file_type, self.mandate_file_type))

    @property
    def has_mandate(self) -> bool:
        return bool(
            self.mandate_title
            or self.mandate_body
            or self.mandate_date
            or self.mandate_description
            or self.mandate_url
            or self.mandate_file
        )

    def get_governance_url(self) -> str:
        return reverse("regions:network_governance", kwargs={"slug": self.slug})

    @property
    def governance_summary(self) -> dict:
        """Coordinating municipality and number of active working groups, in one query.

        Used by the governance slot of the network page, which gets the network as loaded
        there; cached on the instance.
        """
        cached = self.__dict__.get("_governance_summary")
        if cached is None:
            cached = (
                Network.objects.filter(pk=self.pk)
                .annotate(
                    group_count=Count(
                        "working_groups",
                        filter=Q(
                            working_groups__deleted_at__isnull=True,
                            working_groups__status=WorkingGroupStatus.ACTIVE,
                        ),
                    )
                )
                .values(
                    "group_count",
                    "coordinating_municipality__name",
                    "coordinating_municipality__ags",
                )
                .first()
            ) or {}
            self.__dict__["_governance_summary"] = cached
        return cached


class WorkingGroupStatus(models.TextChoices):
    ACTIVE = "active", _("aktiv")
    ENDED = "ended", _("beendet")


class WorkingGroup(BaseModel):
    """An Arbeitsgruppe of a network: a few member municipalities and people on some topics."""

    network = models.ForeignKey(
        Network,
        verbose_name=_("Netzwerk"),
        on_delete=models.CASCADE,
        related_name="working_groups",
    )
    name = models.CharField(_("Name"), max_length=200)
    topics = models.CharField(_("Themen"), max_length=500, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    lead = models.ForeignKey(
        Municipality,
        verbose_name=_("Federführende Kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("Mitwirkende Kommunen"),
        related_name="working_groups",
        blank=True,
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Mitwirkende Personen"),
        related_name="working_groups",
        blank=True,
    )
    meeting_rhythm = models.CharField(_("Treffen"), max_length=200, blank=True)
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=WorkingGroupStatus.choices,
        default=WorkingGroupStatus.ACTIVE,
    )
    ended_on = models.DateField(_("beendet am"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[municipalities, people])

    class Meta:
        verbose_name = _("Arbeitsgruppe")
        verbose_name_plural = _("Arbeitsgruppen")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "name"],
                condition=Q(deleted_at__isnull=True),
                name="working_group_unique_name_per_network",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{self.network.get_governance_url()}#ag-{self.uuid}"

    @property
    def is_active(self) -> bool:
        return self.status == WorkingGroupStatus.ACTIVE

    @property
    def topic_list(self) -> list[str]:
        return [topic.strip() for topic in self.topics.split(",") if topic.strip()]
