"""Learning offers for competence building, learning paths per role, and who took part."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from blaupause.core.models import BaseModel

from ..constants import OfferKind, OfferRole


class LearningOffer(BaseModel):
    title = models.CharField(_("Titel"), max_length=250)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=OfferKind.choices, db_index=True)
    description = models.TextField(_("Beschreibung (Markdown)"), blank=True)
    provider = models.CharField(_("Anbieter"), max_length=200, blank=True)
    external_url = models.URLField(_("Link zum Angebot"), max_length=500, blank=True)
    is_external = models.BooleanField(_("externes Angebot"), default=False)
    duration_hours = models.DecimalField(
        _("Dauer (Stunden)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    roles = models.JSONField(_("Zielgruppen"), default=list, blank=True)
    criteria = models.ManyToManyField(
        "assessments.Criterion",
        verbose_name=_("stärkt die Kriterien"),
        blank=True,
        related_name="learning_offers",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("Region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learning_offers",
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("Termin"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learning_offers",
    )
    is_published = models.BooleanField(_("veröffentlicht"), default=True)
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Lernangebot")
        verbose_name_plural = _("Lernangebote")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:offer_detail", kwargs={"slug": self.slug})

    @property
    def role_labels(self) -> list[str]:
        """The target groups as German labels, in the order of `OfferRole`."""
        roles = self.roles if isinstance(self.roles, list) else []
        return [str(label) for value, label in OfferRole.choices if value in roles]


class LearningPath(BaseModel):
    title = models.CharField(_("Titel"), max_length=250)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    role = models.CharField(_("Rolle"), max_length=20, choices=OfferRole.choices)
    description = models.TextField(_("Beschreibung"), blank=True)
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Lernpfad")
        verbose_name_plural = _("Lernpfade")
        ordering = ["role", "title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:path_detail", kwargs={"slug": self.slug})


class LearningPathStep(models.Model):
    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    offer = models.ForeignKey(LearningOffer, on_delete=models.CASCADE, related_name="path_steps")
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Schritt im Lernpfad")
        verbose_name_plural = _("Schritte im Lernpfad")
        ordering = ["path", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["path", "offer"], name="learningpathstep_unique")
        ]

    def __str__(self) -> str:
        return f"{self.path_id}/{self.order}: {self.offer_id}"


class LearningParticipation(models.Model):
    """How many people of a municipality took part in an offer (counts, no names), so the region
    sees where competence grows."""

    offer = models.ForeignKey(
        LearningOffer, on_delete=models.CASCADE, related_name="participations"
    )
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.CASCADE, related_name="learning_participations"
    )
    participants = models.PositiveIntegerField(_("Teilnehmende"), default=1)
    completed_on = models.DateField(_("abgeschlossen am"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    class Meta:
        verbose_name = _("Teilnahme an einem Lernangebot")
        verbose_name_plural = _("Teilnahmen an Lernangeboten")
        ordering = ["-completed_on", "id"]
        indexes = [models.Index(fields=["municipality", "completed_on"])]

    def __str__(self) -> str:
        return f"{self.offer_id} · {self.municipality_id}: {self.participants}"
