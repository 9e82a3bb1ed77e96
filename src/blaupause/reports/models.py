"""A report built in the background: what was asked for, by whom, how far it is, the file."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportFormat(models.TextChoices):
    PDF = "pdf", _("PDF (barrierefrei, PDF/UA)")
    DOCX = "docx", _("Word (DOCX)")
    MARKDOWN = "md", _("Markdown")


class ReportSubject(models.TextChoices):
    STRATEGY = "strategy", _("Strategie")
    MUNICIPALITY = "municipality", _("Kommune")
    DISTRICT = "district", _("Kreis")
    NETWORK = "network", _("Netzwerk")


class ReportKind(models.TextChoices):
    STRATEGY = "strategy", _("Strategiebericht")
    PROGRESS = "progress", _("Fortschrittsbericht")


class BuildStatus(models.TextChoices):
    QUEUED = "queued", _("wartet")
    RUNNING = "running", _("wird erstellt")
    DONE = "done", _("fertig")
    FAILED = "failed", _("fehlgeschlagen")


def _upload_to(instance, filename: str) -> str:
    # A random name: the URL of a stored file reveals nothing and cannot be guessed.
    suffix = filename.rsplit(".", 1)[-1]
    return f"reports/{uuid.uuid4().hex}.{suffix}"


class ReportBuild(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("Art"), max_length=20, choices=ReportKind.choices)
    format = models.CharField(_("Format"), max_length=10, choices=ReportFormat.choices)
    subject_kind = models.CharField(_("Gegenstand"), max_length=20, choices=ReportSubject.choices)
    subject_key = models.CharField(_("Kennung des Gegenstands"), max_length=100)
    subject_label = models.CharField(_("Titel"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angefordert von"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Anonymous requests belong to the browser session that made them.
    session_key = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=BuildStatus.choices, default=BuildStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("Fortschritt in %"), default=0)
    file = models.FileField(_("Datei"), upload_to=_upload_to, blank=True)
    filename = models.CharField(_("Dateiname"), max_length=200, blank=True)
    error = models.TextField(_("Fehlermeldung"), blank=True)
    # Each run counts an attempt and beats while it works: a build whose heartbeat stopped was
    # interrupted (its worker was killed) and is queued again, up to `MAX_ATTEMPTS` times.
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0, db_default=0)
    heartbeat_at = models.DateTimeField(_("zuletzt aktiv"), null=True, blank=True)
    created_at = models.DateTimeField(_("angefordert am"), default=timezone.now)
    finished_at = models.DateTimeField(_("fertig am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Berichtserstellung")
        verbose_name_plural = _("Berichtserstellungen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "status"])]

    def __str__(self) -> str:
        return f"{self.subject_label} ({self.format})"

    @property
    def in_flight(self) -> bool:
        return self.status in (BuildStatus.QUEUED, BuildStatus.RUNNING)
