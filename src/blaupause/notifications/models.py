"""Models of the notifications app: who follows what, what they were told, how often by mail."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import DEFAULT_FREQUENCY, Frequency


class Follow(models.Model):
    """A person follows a strategy, measure, network, event … (once per target)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("Art"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("Objekt"))
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("seit"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="follow_unique_per_target"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_target_idx")]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}"


class Notification(models.Model):
    """One message to one person about one activity."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Empfänger"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    verb = models.CharField(_("Art der Aktivität"), max_length=100)
    summary = models.CharField(_("Zusammenfassung"), max_length=500)
    url = models.CharField(_("Adresse"), max_length=500, blank=True)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("Art des Objekts"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("Objekt"), null=True, blank=True)
    target_label = models.CharField(_("Objekt (Bezeichnung)"), max_length=255, blank=True)
    actor_label = models.CharField(_("von"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("am"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("gelesen am"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("per E-Mail versandt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "emailed_at"], name="notification_unmailed_idx"),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationSettings(models.Model):
    """How often a person wants mails about what they follow."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    frequency = models.CharField(
        _("E-Mails"), max_length=10, choices=Frequency.choices, default=DEFAULT_FREQUENCY
    )
    last_digest_at = models.DateTimeField(_("letzte Zusammenfassung"), null=True, blank=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Einstellungen für Benachrichtigungen")
        verbose_name_plural = _("Einstellungen für Benachrichtigungen")

    def __str__(self) -> str:
        return self.get_frequency_display()
