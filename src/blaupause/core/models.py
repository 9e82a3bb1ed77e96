"""Shared building blocks: the base model every domain model uses, the audit log, legal pages."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords


class ActiveQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class ActiveManager(models.Manager.from_queryset(ActiveQuerySet)):
    """Default manager: hides soft-deleted rows."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class BaseModel(models.Model):
    """UUID for the outside world, timestamps, soft delete and a version for optimistic locking.

    The integer primary key stays internal (joins, indexes); URLs and the API use `uuid` or a
    natural key. `version` grows by one with every save through `core.concurrency`.
    """

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    deleted_at = models.DateTimeField(_("gelöscht am"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)

    objects = ActiveManager()
    all_objects = models.Manager.from_queryset(ActiveQuerySet)()

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # pragma: no cover - guarded by a test
        raise ValidationError(_("Das Protokoll kann nicht geändert werden."))

    def delete(self):
        raise ValidationError(_("Das Protokoll kann nicht gelöscht werden."))


class AuditEvent(models.Model):
    """One line of the append-only log of who did what. Written by `core.audit.audit_record`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("Person (Text)"), max_length=254, blank=True)
    verb = models.CharField(_("Aktion"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(_("Objekt"), max_length=255, blank=True)
    municipality_ags = models.CharField(_("AGS der Kommune"), max_length=8, blank=True)
    data = models.JSONField(_("Details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.target_label}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Das Protokoll kann nicht geändert werden."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Das Protokoll kann nicht gelöscht werden."))


class LegalPage(BaseModel):
    """Impressum, Datenschutz and Barrierefreiheit: texts the operator edits in the UI."""

    class Kind(models.TextChoices):
        IMPRINT = "impressum", _("Impressum")
        PRIVACY = "datenschutz", _("Datenschutz")
        ACCESSIBILITY = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")

    kind = models.CharField(_("Art"), max_length=32, choices=Kind.choices, unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    body = models.TextField(_("Text (Markdown)"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Rechtstext")
        verbose_name_plural = _("Rechtstexte")

    def __str__(self) -> str:
        return self.title
