"""Synergy suggestions: groups of municipalities that plan similar things at overlapping times.

Computed by `collaboration.synergy` (background task); a suggestion is identified by `key`, a
stable hash of its kind and members, so that a recomputation updates it instead of creating a
new one, and a dismissal survives recomputation.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blaupause.core.models import BaseModel

from ..constants import SuggestionKind, SuggestionStatus


class SynergySuggestion(BaseModel):
    key = models.CharField(_("Kennung"), max_length=64, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=SuggestionKind.choices)
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.OPEN,
        db_index=True,
    )
    title = models.CharField(_("Titel"), max_length=300)
    reasons = models.JSONField(_("Gründe"), default=list)
    score = models.FloatField(_("Ähnlichkeit"), default=0.0)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("Region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    period_start = models.DateField(_("Zeitraum von"), null=True, blank=True)
    period_end = models.DateField(_("Zeitraum bis"), null=True, blank=True)
    municipalities = models.ManyToManyField(
        "regions.Municipality", verbose_name=_("Kommunen"), related_name="synergy_suggestions"
    )
    plans = models.ManyToManyField(
        "collaboration.ProcurementPlan", blank=True, related_name="synergy_suggestions"
    )
    commitments = models.ManyToManyField(
        "commitments.Commitment", blank=True, related_name="synergy_suggestions"
    )
    existing_project = models.ForeignKey(
        "collaboration.JointProject",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="join_suggestions",
    )
    converted_project = models.ForeignKey(
        "collaboration.JointProject",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="origin_suggestions",
    )
    computed_at = models.DateTimeField(_("berechnet am"), default=timezone.now)

    class Meta:
        verbose_name = _("Synergievorschlag")
        verbose_name_plural = _("Synergievorschläge")
        ordering = ["-score", "id"]

    def __str__(self) -> str:
        return self.title


class SynergyDismissal(models.Model):
    """A municipality (or, without one, the region's coordination) does not want a suggestion."""

    suggestion = models.ForeignKey(
        SynergySuggestion, on_delete=models.CASCADE, related_name="dismissals"
    )
    municipality = models.ForeignKey(
        "regions.Municipality", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("Grund"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("verworfener Synergievorschlag")
        verbose_name_plural = _("verworfene Synergievorschläge")
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "municipality"], name="synergydismissal_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.suggestion} – {self.municipality or '—'}"
