"""Lineage of adopted strategies: which blueprint version a copy came from, which item of the
copy stems from which item upstream, the adaptations made locally (with their reasons) and the
decisions taken on upstream changes.

An adoption copies a *published version* of a blueprint (a `StrategyVersion` snapshot) into a
new draft strategy of the adopting network. Every copied item gets an `ItemOrigin`, whose
`base` holds the upstream item as it was last taken over (snapshot form, see
`strategies.snapshot.serialize_item`). The base is the common ancestor of the three-way
comparison: what upstream changed is `base → new upstream version`, what the adopter changed is
`base → current local item`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blaupause.core.models import BaseModel


class Adoption(BaseModel):
    """A strategy that started as a copy of a published blueprint version."""

    strategy = models.OneToOneField(
        "strategies.Strategy",
        verbose_name=_("übernommene Strategie"),
        on_delete=models.CASCADE,
        related_name="adoption",
    )
    source = models.ForeignKey(
        "strategies.Strategy",
        verbose_name=_("Blaupause"),
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    source_version = models.ForeignKey(
        "strategies.StrategyVersion",
        verbose_name=_("übernommene Version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    synced_version = models.ForeignKey(
        "strategies.StrategyVersion",
        verbose_name=_("abgeglichen bis Version"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Die neueste Version der Blaupause, deren Änderungen geprüft wurden."),
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Übernahme")
        verbose_name_plural = _("Übernahmen")

    def __str__(self) -> str:
        return f"{self.strategy} ← {self.source} v{self.source_version.number}"


class ItemOrigin(models.Model):
    """Where one item of an adopted strategy came from."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="origins")
    kind = models.CharField(max_length=20)  # ItemKind.name: value, field, goal, measure …
    item_uuid = models.UUIDField(_("Element (Kopie)"))
    source_uuid = models.UUIDField(_("Element (Blaupause)"))
    base = models.JSONField(
        _("Stand der Blaupause"),
        help_text=_("Das Element der Blaupause, wie es zuletzt übernommen wurde."),
    )
    base_version = models.PositiveIntegerField(_("Stand aus Version"))

    class Meta:
        verbose_name = _("Herkunft")
        verbose_name_plural = _("Herkünfte")
        constraints = [
            models.UniqueConstraint(fields=["adoption", "item_uuid"], name="origin_unique_item"),
            models.UniqueConstraint(
                fields=["adoption", "source_uuid"], name="origin_unique_source"
            ),
        ]
        indexes = [models.Index(fields=["source_uuid"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_uuid} ← {self.source_uuid}"


class Adaptation(models.Model):
    """A local change of an adopted strategy, with the reason the adopter gave (append-only)."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="adaptations")
    origin = models.ForeignKey(
        ItemOrigin,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="adaptations",
        help_text=_("Leer bei Elementen, die es nur in der Übernahme gibt."),
    )
    kind = models.CharField(max_length=20)
    item_uuid = models.UUIDField()
    action = models.CharField(max_length=20)  # changed, added, deleted, restored
    fields = models.JSONField(default=list, blank=True)
    reason = models.TextField(_("Begründung"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Regionale Anpassung")
        verbose_name_plural = _("Regionale Anpassungen")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_uuid}: {self.reason[:40]}"


class UpstreamDecision(models.Model):
    """What the adopter did with one upstream change of one item (append-only)."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("übernommen")
        IGNORED = "ignored", _("nicht übernommen")
        MERGED = "merged", _("zusammengeführt")

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20)
    source_uuid = models.UUIDField()
    version_number = models.PositiveIntegerField(_("Version der Blaupause"))
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    fields = models.JSONField(default=dict, blank=True)  # field -> "upstream" | "local"
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Entscheidung zu einer Änderung der Blaupause")
        verbose_name_plural = _("Entscheidungen zu Änderungen der Blaupause")
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_uuid} v{self.version_number}: {self.outcome}"
