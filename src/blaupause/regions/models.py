"""Regions, districts (Kreise and kreisfreie Städte), municipalities and networks."""

from django.db import models
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

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Netzwerk")
        verbose_name_plural = _("Netzwerke")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:network_detail", kwargs={"slug": self.slug})
