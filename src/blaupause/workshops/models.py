"""Workshop boards: idea cards, clusters, dot votes, impact/effort ratings and what was promoted.

A workshop belongs to a strategy (usually a draft). Participants are accounts or external
people who joined through a one-time invitation link. Every card is attributable to its
author for the facilitator, even when it is shown anonymously to the room.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from blaupause.core.models import BaseModel

from .constants import MAX_CARD_LENGTH, Focus, Step


class Workshop(BaseModel):
    strategy = models.ForeignKey(
        "strategies.Strategy",
        verbose_name=_("Strategie"),
        on_delete=models.PROTECT,
        related_name="workshops",
    )
    title = models.CharField(_("Titel"), max_length=200)
    question = models.TextField(_("Leitfrage"), max_length=1000)
    focus = models.CharField(
        _("Arbeitsphase"), max_length=20, choices=Focus.choices, default=Focus.MEASURES
    )
    step = models.CharField(
        _("Schritt"), max_length=20, choices=Step.choices, default=Step.PREPARATION
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Moderation"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_workshops",
    )
    scheduled_at = models.DateTimeField(_("Termin"), null=True, blank=True)
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("Veranstaltung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
    )
    dots_per_person = models.PositiveSmallIntegerField(_("Punkte je Person"), default=3)
    max_dots_per_card = models.PositiveSmallIntegerField(_("höchstens Punkte je Karte"), default=3)
    allow_anonymous = models.BooleanField(
        _("Karten dürfen anonym erscheinen"),
        default=True,
        help_text=_("Die Moderation sieht immer, wer eine Karte geschrieben hat."),
    )
    # Grows with every change on the board; clients poll it to know when to reload.
    revision = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        verbose_name = _("Workshop")
        verbose_name_plural = _("Workshops")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:workshop_detail", kwargs={"uuid": self.uuid})


class Participant(models.Model):
    """Someone on the board: an account, or an external person with a display name."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="workshop_participations",
    )
    display_name = models.CharField(_("Anzeigename"), max_length=100)
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("Kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # External participants: hash of the one-time invitation secret (the secret itself is never
    # stored). It stays after use, so that a second use can be told apart from an unknown link;
    # `joined_at` marks the link as used.
    invitation_hash = models.CharField(max_length=64, blank=True, db_index=True)
    invitation_expires_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(_("beigetreten am"), null=True, blank=True)
    removed_at = models.DateTimeField(_("entfernt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Teilnehmende Person")
        verbose_name_plural = _("Teilnehmende")
        ordering = ["workshop", "display_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=Q(user__isnull=False),
                name="participant_one_per_account",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_external(self) -> bool:
        return self.user_id is None


class Cluster(BaseModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="clusters")
    title = models.CharField(_("Name der Gruppe"), max_length=200)
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Gruppe")
        verbose_name_plural = _("Gruppen")
        ordering = ["workshop", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Card(BaseModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="cards")
    author = models.ForeignKey(
        Participant, verbose_name=_("von"), on_delete=models.PROTECT, related_name="cards"
    )
    text = models.TextField(_("Idee"), max_length=MAX_CARD_LENGTH)
    anonymous = models.BooleanField(_("anonym zeigen"), default=False)
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("Gruppe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cards",
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Ideenkarte")
        verbose_name_plural = _("Ideenkarten")
        ordering = ["workshop", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class _Targeted(models.Model):
    """Votes and ratings aim at either a cluster or a card that is in no cluster."""

    card = models.ForeignKey(
        Card, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}: {self.card_id or self.cluster_id}"

    @property
    def target(self):
        return self.card or self.cluster


_ONE_TARGET = Q(card__isnull=False, cluster__isnull=True) | Q(
    card__isnull=True, cluster__isnull=False
)


class Vote(_Targeted):
    """Dots one participant gave to one target (several dots per target allowed)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    dots = models.PositiveSmallIntegerField(_("Punkte"), default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Punkte")
        verbose_name_plural = _("Punkte")
        constraints = [
            models.CheckConstraint(name="vote_one_target", condition=_ONE_TARGET),
            models.UniqueConstraint(
                fields=["participant", "card"],
                condition=Q(card__isnull=False),
                name="vote_once_per_card",
            ),
            models.UniqueConstraint(
                fields=["participant", "cluster"],
                condition=Q(cluster__isnull=False),
                name="vote_once_per_cluster",
            ),
        ]


class Rating(_Targeted):
    """One participant's impact and effort rating of a target (1 = low … 5 = high)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="ratings")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="ratings")
    impact = models.PositiveSmallIntegerField(_("Wirkung"))
    effort = models.PositiveSmallIntegerField(_("Aufwand"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        constraints = [
            models.CheckConstraint(name="rating_one_target", condition=_ONE_TARGET),
            models.UniqueConstraint(
                fields=["participant", "card"],
                condition=Q(card__isnull=False),
                name="rating_once_per_card",
            ),
            models.UniqueConstraint(
                fields=["participant", "cluster"],
                condition=Q(cluster__isnull=False),
                name="rating_once_per_cluster",
            ),
        ]


class Promotion(_Targeted):
    """A card or cluster that became a goal, value or measure of the strategy."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="promotions")
    item_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    item_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("item_type", "item_id")
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    promoted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Übernahme in die Strategie")
        verbose_name_plural = _("Übernahmen in die Strategie")
        ordering = ["workshop", "promoted_at", "id"]
        constraints = [models.CheckConstraint(name="promotion_one_target", condition=_ONE_TARGET)]
        indexes = [models.Index(fields=["item_type", "item_id"])]
