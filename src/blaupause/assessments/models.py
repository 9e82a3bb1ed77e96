"""Self-check (Selbstcheck): versioned criteria sets, a municipality's yearly assessment, answers.

A criteria set never changes its meaning once answers refer to it: a new meaning is a new
version (see `data/README.md`). Answers keep their criterion, so old years stay readable.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from blaupause.core.models import BaseModel

from .constants import MAX_LEVEL, MIN_LEVEL, AssessmentStatus


class CriteriaSet(BaseModel):
    key = models.CharField(_("Kennung"), max_length=40)
    set_version = models.PositiveIntegerField(_("Fassung"))
    title = models.CharField(_("Titel"), max_length=250)
    description = models.TextField(_("Beschreibung"), blank=True)
    fields = models.JSONField(_("Handlungsfelder"), default=list, blank=True)
    scale = models.JSONField(_("Skala"), default=list, blank=True)
    sources = models.JSONField(_("Quellen"), default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kriterienkatalog")
        verbose_name_plural = _("Kriterienkataloge")
        ordering = ["key", "-set_version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "set_version"], name="criteriaset_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.key} v{self.set_version})"

    def field_titles(self) -> dict[str, str]:
        return {row["key"]: row["title"] for row in self.fields if isinstance(row, dict)}


class Criterion(BaseModel):
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="criteria", verbose_name=_("Katalog")
    )
    code = models.CharField(_("Kennung"), max_length=10)
    field = models.CharField(_("Handlungsfeld"), max_length=10)
    title = models.CharField(_("Titel"), max_length=200)
    question = models.CharField(_("Frage"), max_length=300)
    help = models.TextField(_("Hinweis"), blank=True)
    levels = models.JSONField(_("Stufen"), default=list)
    source_ids = models.JSONField(_("Quellen"), default=list, blank=True)
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kriterium")
        verbose_name_plural = _("Kriterien")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def level_text(self, level: int | None) -> str:
        for row in self.levels:
            if row.get("level") == level:
                return row.get("text", "")
        return ""


class Assessment(BaseModel):
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("Kommune"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("Katalog"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("abgeschlossen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("Beispieldaten"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Selbstcheck")
        verbose_name_plural = _("Selbstchecks")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "criteria_set", "year"],
                condition=Q(deleted_at__isnull=True),
                name="assessment_unique_year",
            ),
            models.CheckConstraint(
                name="assessment_year_plausible", condition=Q(year__gte=2000, year__lte=2100)
            ),
        ]
        # The last change of the table versions the cached benchmarks (`core.fingerprint`).
        indexes = [models.Index(fields=["updated_at"], name="assessment_updated_at")]

    def __str__(self) -> str:
        return f"Selbstcheck {self.year}"

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED

    @property
    def audit_municipality_ags(self) -> str:
        return self.municipality.ags if self.municipality_id else ""

    def get_absolute_url(self) -> str:
        return reverse("assessments:form", kwargs={"ags": self.municipality.ags, "year": self.year})


def _level_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        name=f"answer_{name}_level_0_4" if name != "level" else "lifearealevel_level_0_4",
        condition=Q(**{f"{name}__isnull": True})
        | Q(**{f"{name}__gte": MIN_LEVEL, f"{name}__lte": MAX_LEVEL}),
    )


class Answer(BaseModel):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="answers", verbose_name=_("Selbstcheck")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("Kriterium")
    )
    current = models.PositiveSmallIntegerField(_("heute"), null=True, blank=True)
    target = models.PositiveSmallIntegerField(_("in 2–3 Jahren"), null=True, blank=True)
    note = models.TextField(_("Notiz"), blank=True)
    evidence = models.CharField(_("Nachweis"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        ordering = ["criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="answer_unique"),
            _level_check("current"),
            _level_check("target"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.current}/{self.target}"


class LifeAreaLevel(BaseModel):
    """Optional activity level (0–4) of a municipality in one life area of its framework
    strategy, recorded with the yearly self-check."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="life_area_levels",
        verbose_name=_("Selbstcheck"),
    )
    life_area = models.ForeignKey(
        "strategies.LifeArea",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Lebensbereich"),
    )
    level = models.PositiveSmallIntegerField(_("Aktivität"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Aktivität im Lebensbereich")
        verbose_name_plural = _("Aktivität in Lebensbereichen")
        ordering = ["life_area__order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "life_area"], name="lifearealevel_unique"
            ),
            _level_check("level"),
        ]

    def __str__(self) -> str:
        return f"{self.life_area_id}: {self.level}"
