"""Procurement plans (Beschaffungsvorhaben): what a municipality intends to buy, shown to the
network so that others can join a joint tender."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from blaupause.core.models import BaseModel

from ..constants import ProcurementCategory


class ProcurementPlan(BaseModel):
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("Kommune"),
        on_delete=models.CASCADE,
        related_name="procurement_plans",
    )
    subject = models.CharField(_("Gegenstand"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    category = models.CharField(
        _("Kategorie"), max_length=20, choices=ProcurementCategory.choices, db_index=True
    )
    estimated_volume = models.DecimalField(
        _("geschätztes Volumen (Euro)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    planned_on = models.DateField(_("geplanter Zeitpunkt"), db_index=True)
    ozg_service = models.CharField(_("OZG-Leistung"), max_length=200, blank=True)
    product = models.CharField(_("Software oder Produkt"), max_length=200, blank=True)
    measure = models.ForeignKey(
        "strategies.Measure",
        verbose_name=_("Maßnahme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procurement_plans",
    )
    open_for_partners = models.BooleanField(_("offen für Partner"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Beschaffungsvorhaben")
        verbose_name_plural = _("Beschaffungsvorhaben")
        ordering = ["planned_on", "id"]
        indexes = [models.Index(fields=["municipality", "planned_on"])]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("collaboration:plan_detail", kwargs={"uuid": self.uuid})
