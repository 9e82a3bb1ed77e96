"""Events of a network or a region, registrations with a waiting list, minutes and decisions."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from blaupause.core.models import BaseModel

from .constants import Audience, DecisionKind, EventFormat, RegistrationStatus


class Event(BaseModel):
    """A meeting, webinar or workshop day of a network (or of the whole region)."""

    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung (Markdown)"), blank=True)
    format = models.CharField(
        _("Format"), max_length=20, choices=EventFormat.choices, default=EventFormat.DIGITAL
    )
    audience = models.CharField(
        _("Zielgruppe"), max_length=20, choices=Audience.choices, default=Audience.MEMBERS
    )
    network = models.ForeignKey(
        "regions.Network",
        verbose_name=_("Netzwerk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("Region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
    )
    starts_at = models.DateTimeField(_("Beginn"), db_index=True)
    ends_at = models.DateTimeField(_("Ende"))
    location_name = models.CharField(_("Ort"), max_length=200, blank=True)
    address = models.TextField(_("Adresse"), blank=True)
    # Shown only to registered participants and the organisers.
    video_url = models.URLField(_("Link zur Videokonferenz"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(
        _("Plätze"), null=True, blank=True, help_text=_("Leer lassen für unbegrenzt viele Plätze.")
    )
    registration_deadline = models.DateTimeField(_("Anmeldeschluss"), null=True, blank=True)
    registration_open = models.BooleanField(_("Anmeldung möglich"), default=True)
    invited_municipalities = models.ManyToManyField(
        "regions.Municipality",
        verbose_name=_("eingeladene Kommunen"),
        blank=True,
        related_name="event_invitations",
    )
    invited_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingeladene Personen"),
        blank=True,
        related_name="event_invitations",
    )
    cancelled_at = models.DateTimeField(_("abgesagt am"), null=True, blank=True)
    cancel_reason = models.TextField(_("Grund der Absage"), blank=True)
    reminder_sent_at = models.DateTimeField(_("Erinnerung versandt am"), null=True, blank=True)
    minutes = models.TextField(_("Protokoll (Markdown)"), blank=True)
    minutes_published_at = models.DateTimeField(
        _("Protokoll veröffentlicht am"), null=True, blank=True
    )

    history = HistoricalRecords(excluded_fields=["reminder_sent_at"])

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="event_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))
            ),
            models.CheckConstraint(
                name="event_owner_network_xor_region",
                condition=(
                    Q(network__isnull=False, region__isnull=True)
                    | Q(network__isnull=True, region__isnull=False)
                ),
            ),
        ]
        indexes = [
            # Counting the upcoming (or past) events of the list reads only this index.
            models.Index(
                fields=["ends_at", "audience"],
                condition=Q(deleted_at__isnull=True),
                name="event_alive_ends_at",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", kwargs={"uuid": self.uuid})

    @property
    def owner(self):
        return self.network or self.region

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()


class AgendaItem(BaseModel):
    """One point of an event's agenda, optionally about measures of a strategy."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    starts_at = models.TimeField(_("Uhrzeit"), null=True, blank=True)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    measures = models.ManyToManyField(
        "strategies.Measure", verbose_name=_("Maßnahmen"), blank=True, related_name="agenda_items"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnung")
        ordering = ["event", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """A person's registration. At most one that is not cancelled per person and event.

    `status` is confirmed while a place is free, else waitlisted; a cancellation moves the
    longest-waiting person up (`events.services`), under a lock on the event row.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("Kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=RegistrationStatus.choices, db_index=True
    )
    registered_at = models.DateTimeField(_("angemeldet am"), default=timezone.now)
    promoted_at = models.DateTimeField(_("nachgerückt am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("abgemeldet am"), null=True, blank=True)
    attended = models.BooleanField(_("teilgenommen"), null=True, blank=True)
    note = models.CharField(_("Hinweis an die Organisation"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["event", "registered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_user",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "registered_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.event}"

    @property
    def audit_municipality_ags(self) -> str:
        return self.municipality.ags if self.municipality_id else ""


class Decision(BaseModel):
    """A decision taken at an event, optionally creating or changing a measure or commitment."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    text = models.TextField(_("Beschluss"))
    kind = models.CharField(
        _("Art"), max_length=30, choices=DecisionKind.choices, default=DecisionKind.NOTE
    )
    measure = models.ForeignKey(
        "strategies.Measure",
        verbose_name=_("Maßnahme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    commitment = models.ForeignKey(
        "commitments.Commitment",
        verbose_name=_("Beteiligung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        ordering = ["event", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class CalendarFeed(models.Model):
    """The secret address of a person's private calendar feed; only a hash is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("privater Kalender-Feed")
        verbose_name_plural = _("private Kalender-Feeds")

    def __str__(self) -> str:
        return str(self.user)
