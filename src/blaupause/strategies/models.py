"""A strategy as data: vision, values, fields of action, life areas, goals, measures, versions.

A strategy belongs to a network (a framework strategy for several municipalities) or to one
municipality (its own strategy, which may build on a framework). Items are edited in place and
keep their history; publishing freezes an immutable, numbered `StrategyVersion` snapshot.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from blaupause.core.models import BaseModel

from .constants import CostBand, Direction, Effort, StrategyStatus


class Strategy(BaseModel):
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    title = models.CharField(_("Titel"), max_length=250)
    slogan = models.CharField(_("Leitsatz"), max_length=300, blank=True)
    vision = models.TextField(_("Leitbild"), blank=True)
    preamble = models.TextField(_("Präambel"), blank=True)
    reconstruction_notice = models.TextField(
        _("Hinweis zur Rekonstruktion"),
        blank=True,
        help_text=_("Wenn der Originaltext nicht öffentlich ist: woraus diese Fassung entstand."),
    )
    sources = models.JSONField(_("Quellen"), default=list, blank=True)
    provenance = models.JSONField(
        _("Herkunft der Texte"),
        default=dict,
        blank=True,
        help_text=_(
            "Je Text (Titel, Leitsatz, Leitbild, Präambel): abgeleitet oder belegt, Quellen."
        ),
    )
    network = models.ForeignKey(
        "regions.Network",
        verbose_name=_("Netzwerk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="strategies",
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("Kommune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="strategies",
    )
    builds_on = models.ForeignKey(
        "self",
        verbose_name=_("baut auf"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_strategies",
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT
    )
    adopted_body = models.CharField(_("Beschlossen durch"), max_length=200, blank=True)
    adopted_on = models.DateField(_("Beschlossen am"), null=True, blank=True)
    adopted_reference = models.URLField(_("Beschluss (Link)"), blank=True)
    adopted_note = models.TextField(_("Anmerkung zum Beschluss"), blank=True)
    is_blueprint = models.BooleanField(
        _("Blaupause"),
        default=False,
        help_text=_("Veröffentlichte Strategie, die andere Netzwerke übernehmen können."),
    )
    demo_progress = models.BooleanField(
        _("Fortschritte sind Demodaten"),
        default=False,
        help_text=_("Zeigt auf allen Seiten einen Hinweis, dass Beteiligungen Beispieldaten sind."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Strategie")
        verbose_name_plural = _("Strategien")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                name="strategy_owner_network_xor_municipality",
                condition=(
                    Q(network__isnull=False, municipality__isnull=True)
                    | Q(network__isnull=True, municipality__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategies:strategy_detail", kwargs={"slug": self.slug})

    @property
    def owner(self):
        return self.network or self.municipality

    @property
    def audit_municipality_ags(self) -> str:
        return self.municipality.ags if self.municipality_id else ""


class StrategyStatusChange(models.Model):
    """Append-only log of lifecycle changes: who moved the strategy to which status, when."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=StrategyStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=StrategyStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.strategy}: {self.from_status or '–'} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Statuswechsel können nicht geändert werden."))
        super().save(*args, **kwargs)


class StrategyItem(BaseModel):
    """Common fields of every part of a strategy."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    derived = models.BooleanField(
        _("rekonstruiert"),
        default=False,
        help_text=_("Aus öffentlichen Quellen abgeleitet, nicht wörtlich aus dem Original."),
    )
    source_ids = models.JSONField(_("Quellen"), default=list, blank=True)

    class Meta:
        abstract = True
        ordering = ["order", "id"]


def _unique_key(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["strategy", "key"], condition=Q(deleted_at__isnull=True), name=name
    )


class Value(StrategyItem):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="values")
    key = models.CharField(_("Kennung"), max_length=40)
    title = models.CharField(_("Wert"), max_length=200)
    explanation = models.TextField(_("Erläuterung"), blank=True)

    history = HistoricalRecords()

    class Meta(StrategyItem.Meta):
        verbose_name = _("Wert")
        verbose_name_plural = _("Werte")
        constraints = [_unique_key("value_unique_key")]

    def __str__(self) -> str:
        return self.title


class FieldOfAction(StrategyItem):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="fields")
    key = models.CharField(_("Kennung"), max_length=20)
    title = models.CharField(_("Handlungsfeld"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)

    history = HistoricalRecords()

    class Meta(StrategyItem.Meta):
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        constraints = [_unique_key("field_unique_key")]

    def __str__(self) -> str:
        return self.title


class LifeArea(StrategyItem):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="life_areas")
    key = models.CharField(_("Kennung"), max_length=40)
    title = models.CharField(_("Lebensbereich"), max_length=200)

    history = HistoricalRecords()

    class Meta(StrategyItem.Meta):
        verbose_name = _("Lebensbereich")
        verbose_name_plural = _("Lebensbereiche")
        constraints = [_unique_key("lifearea_unique_key")]

    def __str__(self) -> str:
        return self.title


class Goal(StrategyItem):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="goals")
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("Handlungsfeld"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
    )
    key = models.CharField(_("Kennung"), max_length=20)
    title = models.CharField(_("Ziel"), max_length=250)
    description = models.TextField(_("Beschreibung"), blank=True)

    history = HistoricalRecords()

    class Meta(StrategyItem.Meta):
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")
        constraints = [_unique_key("goal_unique_key")]

    def __str__(self) -> str:
        return self.title


class Measure(StrategyItem):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="measures")
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("Handlungsfeld"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    key = models.CharField(_("Kennung"), max_length=20)
    title = models.CharField(_("Maßnahme"), max_length=250)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=500, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    life_areas = models.ManyToManyField(
        LifeArea, verbose_name=_("Lebensbereiche"), blank=True, related_name="measures"
    )
    goals = models.ManyToManyField(
        Goal, verbose_name=_("Ziele"), blank=True, related_name="measures"
    )
    benefit_citizens = models.TextField(_("Nutzen für Bürgerinnen und Bürger"), blank=True)
    benefit_administration = models.TextField(_("Nutzen für die Verwaltung"), blank=True)
    prerequisites = models.JSONField(_("Voraussetzungen"), default=list, blank=True)
    effort = models.CharField(_("Aufwand"), max_length=20, choices=Effort.choices, blank=True)
    cost_band = models.CharField(_("Kosten"), max_length=30, choices=CostBand.choices, blank=True)
    start_year = models.PositiveSmallIntegerField(_("Beginn (Jahr)"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("Ende (Jahr)"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("Dauer (Monate)"), null=True, blank=True)
    responsible_role = models.CharField(_("Verantwortliche Rolle"), max_length=200, blank=True)
    depends_on = models.ManyToManyField(
        "self",
        verbose_name=_("hängt ab von"),
        symmetrical=False,
        blank=True,
        related_name="required_by",
    )
    references = models.JSONField(_("Verweise"), default=list, blank=True)
    tags = models.JSONField(_("Schlagworte"), default=list, blank=True)
    raises_criteria = models.JSONField(
        _("verbessert Selbstcheck-Kriterien"), default=list, blank=True
    )
    weight = models.DecimalField(
        _("Gewicht"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
        help_text=_("Gewicht in der Fortschrittsberechnung (Standard 1)."),
    )

    history = HistoricalRecords(m2m_fields=[life_areas, goals, depends_on])

    class Meta(StrategyItem.Meta):
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        constraints = [
            _unique_key("measure_unique_key"),
            models.CheckConstraint(
                name="measure_years_in_order",
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
            ),
        ]
        # The last change of the table versions cached counts (`core.fingerprint`).
        indexes = [models.Index(fields=["updated_at"], name="measure_updated_at")]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "strategies:measure_detail",
            kwargs={"slug": self.strategy.slug, "key": self.key},
        )


class Indicator(BaseModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveIntegerField(default=0)
    name = models.CharField(_("Kennzahl"), max_length=250)
    unit = models.CharField(_("Einheit"), max_length=60, blank=True)
    baseline = models.DecimalField(
        _("Ausgangswert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("Zielwert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    direction = models.CharField(
        _("Richtung"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kennzahl")
        verbose_name_plural = _("Kennzahlen")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Milestone(BaseModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("Meilenstein"), max_length=250)
    months_after_start = models.PositiveSmallIntegerField(
        _("Monate nach Beginn"), null=True, blank=True, validators=[MaxValueValidator(240)]
    )
    due_date = models.DateField(_("Termin"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class StrategyVersion(models.Model):
    """An immutable, numbered snapshot taken when a strategy is published."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("Version"))
    published_at = models.DateTimeField(_("veröffentlicht am"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("Änderungshinweis"), blank=True)
    snapshot = models.JSONField(_("Inhalt"))

    class Meta:
        verbose_name = _("Version")
        verbose_name_plural = _("Versionen")
        ordering = ["strategy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.strategy} – {_('Version')} {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Eine veröffentlichte Version kann nicht geändert werden."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Eine veröffentlichte Version kann nicht gelöscht werden."))
