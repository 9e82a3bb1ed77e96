"""Consultation rounds on a strategy, the comments on its sections, and reports of comments.

A `Consultation` is one round (a strategy can have several). A `Comment` belongs to a round
and to one section of the strategy: the vision (no item: the strategy itself), a value, a
field of action, a goal or a measure — explicit nullable foreign keys keep the queries plain.
Replies point to their top-level comment (`parent`). The coordination records an outcome per
comment; `outcome_version` detects two coordinators answering at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from blaupause.core.models import BaseModel

from .constants import MAX_COMMENT_LENGTH, Outcome, Section


class Consultation(BaseModel):
    strategy = models.ForeignKey(
        "strategies.Strategy",
        verbose_name=_("Strategie"),
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eröffnet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("Beginn"), default=timezone.now)
    ends_at = models.DateTimeField(_("Ende"))
    intro = models.TextField(_("Einführung"), blank=True)
    closed_at = models.DateTimeField(_("vorzeitig beendet am"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beendet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Konsultation")
        verbose_name_plural = _("Konsultationen")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="consultation_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))
            )
        ]

    def __str__(self) -> str:
        return _("Konsultation zu %(strategy)s") % {"strategy": self.strategy}

    def get_absolute_url(self) -> str:
        return reverse("consultation:page", kwargs={"slug": self.strategy.slug})

    @property
    def ended_at(self):
        """When the round ended or will end: the early close, else the planned end."""
        return self.closed_at or self.ends_at

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closed_at is None and self.starts_at <= now < self.ends_at

    @property
    def audit_municipality_ags(self) -> str:
        return self.strategy.audit_municipality_ags


class Comment(BaseModel):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("Konsultation"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    section = models.CharField(_("Abschnitt"), max_length=20, choices=Section.choices)
    value = models.ForeignKey(
        "strategies.Value", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    field = models.ForeignKey(
        "strategies.FieldOfAction",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    goal = models.ForeignKey(
        "strategies.Goal", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    measure = models.ForeignKey(
        "strategies.Measure",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultation_comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Antwort auf"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verfasst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_comments",
    )
    author_municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("Kommune der Verfasserin oder des Verfassers"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("Kommentar"), max_length=MAX_COMMENT_LENGTH)
    outcome = models.CharField(
        _("Ergebnis"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN
    )
    outcome_reply = models.TextField(_("Antwort der Koordination"), blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Ergebnis von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome_at = models.DateTimeField(_("Ergebnis am"), null=True, blank=True)
    outcome_version = models.PositiveIntegerField(_("Version des Ergebnisses"), default=1)
    hidden_at = models.DateTimeField(_("ausgeblendet am"), null=True, blank=True)
    hidden_reason = models.CharField(_("Grund der Ausblendung"), max_length=1000, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ausgeblendet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="comment_target_matches_section",
                condition=(
                    Q(
                        section=Section.VISION,
                        value__isnull=True,
                        field__isnull=True,
                        goal__isnull=True,
                        measure__isnull=True,
                    )
                    | Q(
                        section=Section.VALUE,
                        value__isnull=False,
                        field__isnull=True,
                        goal__isnull=True,
                        measure__isnull=True,
                    )
                    | Q(
                        section=Section.FIELD,
                        value__isnull=True,
                        field__isnull=False,
                        goal__isnull=True,
                        measure__isnull=True,
                    )
                    | Q(
                        section=Section.GOAL,
                        value__isnull=True,
                        field__isnull=True,
                        goal__isnull=False,
                        measure__isnull=True,
                    )
                    | Q(
                        section=Section.MEASURE,
                        value__isnull=True,
                        field__isnull=True,
                        goal__isnull=True,
                        measure__isnull=False,
                    )
                ),
            )
        ]
        indexes = [models.Index(fields=["consultation", "section"])]

    def __str__(self) -> str:
        return _("Kommentar %(id)s") % {"id": str(self.uuid)[:8]}

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def target(self):
        """The commented item; None for the vision (the strategy itself)."""
        return self.value or self.field or self.goal or self.measure

    @property
    def anchor(self) -> str:
        return f"kommentar-{self.uuid}"

    @property
    def audit_municipality_ags(self) -> str:
        return self.author_municipality.ags if self.author_municipality_id else ""


class CommentReport(models.Model):
    """A member points the coordination at a comment that should be hidden."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("Kommentar"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeldet von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("Grund der Meldung"), max_length=1000)
    created_at = models.DateTimeField(_("gemeldet am"), default=timezone.now)
    resolved_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erledigt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="comment_report_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return _("Meldung zu %(comment)s") % {"comment": self.comment_id}
