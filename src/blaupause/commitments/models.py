"""A municipality's commitment to a measure, with its own status, dates, progress and evidence."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from blaupause.core.models import ActiveManager, ActiveQuerySet, BaseModel

from .constants import CommitmentRole, CommitmentStatus
from .rollup import effective_progress


def visibility_q(viewer, prefix: str = "") -> Q:
    """Which commitments `viewer` may see, as a filter (``prefix`` for related lookups).

    The public sees public commitments; members (CDOs, contributors) of the municipality and
    regional admins of its region see internal ones too; superusers see everything.
    """
    if getattr(viewer, "is_superuser", False) and viewer.is_active:
        return Q()
    condition = Q(**{f"{prefix}is_public": True})
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return condition
    roles = viewer.roles
    if roles.member_municipality_ids:
        condition |= Q(**{f"{prefix}municipality_id__in": sorted(roles.member_municipality_ids)})
    if roles.regional_admin_region_ids:
        condition |= Q(
            **{
                f"{prefix}municipality__district__region_id__in": sorted(
                    roles.regional_admin_region_ids
                )
            }
        )
    return condition


def visibility_key(viewer) -> str:
    """Equal for two viewers who see the same commitments (for keys of cached roll-ups)."""
    if getattr(viewer, "is_superuser", False) and viewer.is_active:
        return "all"
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return "public"
    roles = viewer.roles
    members = ",".join(map(str, sorted(roles.member_municipality_ids)))
    regions = ",".join(map(str, sorted(roles.regional_admin_region_ids)))
    return f"public+m{members}+r{regions}" if members or regions else "public"


class CommitmentQuerySet(ActiveQuerySet):
    def visible_to(self, viewer):
        """Only what `viewer` may see (see `visibility_q`)."""
        return self.filter(visibility_q(viewer))

    def counted(self):
        """Commitments that count as committed (all but "verworfen")."""
        return self.exclude(status=CommitmentStatus.DROPPED)


class Commitment(BaseModel):
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("Kommune"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    measure = models.ForeignKey(
        "strategies.Measure",
        verbose_name=_("Maßnahme"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    role = models.CharField(
        _("Rolle"), max_length=20, choices=CommitmentRole.choices, default=CommitmentRole.PARTNER
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PLANNED,
    )
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    responsible_person = models.CharField(_("Verantwortlich"), max_length=200, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("Fortschritt in %"), default=0, validators=[MaxValueValidator(100)]
    )
    note = models.TextField(_("Anmerkung"), blank=True)
    evidence = models.TextField(
        _("Nachweise"),
        blank=True,
        help_text=_("Was ist erreicht? Links zu Beschlüssen, Berichten …"),
    )
    is_public = models.BooleanField(_("öffentlich sichtbar"), default=True)
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    objects = ActiveManager.from_queryset(CommitmentQuerySet)()
    all_objects = models.Manager.from_queryset(CommitmentQuerySet)()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Beteiligung")
        verbose_name_plural = _("Beteiligungen")
        ordering = ["measure__order", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "measure"],
                condition=Q(deleted_at__isnull=True),
                name="commitment_unique_per_measure",
            ),
            models.CheckConstraint(
                name="commitment_progress_0_100", condition=Q(progress__lte=100)
            ),
            models.CheckConstraint(
                name="commitment_dates_in_order",
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
            ),
        ]
        # The last change of the table versions cached counts (`core.fingerprint`).
        indexes = [models.Index(fields=["updated_at"], name="commitment_updated_at")]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.measure}"

    @property
    def audit_municipality_ags(self) -> str:
        return self.municipality.ags

    @property
    def effective_progress(self) -> int:
        """The progress that counts in every roll-up: 100 for "umgesetzt" (see rollup.py)."""
        return effective_progress(self.status, self.progress)


class IndicatorValue(BaseModel):
    """A measured value of one of the measure's indicators for this municipality."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(
        "strategies.Indicator", on_delete=models.CASCADE, related_name="values"
    )
    recorded_on = models.DateField(_("Stichtag"))
    value = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2)
    note = models.CharField(_("Anmerkung"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kennzahlwert")
        verbose_name_plural = _("Kennzahlwerte")
        ordering = ["recorded_on", "id"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.recorded_on})"


def evidence_upload_to(instance, filename: str) -> str:
    """Where a file lies: by commitment, under a random name (never the uploaded name).

    Only the extension of `filename` is kept; the service passes one that matches the checked
    content, not the one the user chose.
    """
    extension = Path(filename).suffix.lower()
    if not extension.isascii() or not extension[1:].isalnum() or len(extension) > 6:
        extension = ""
    return f"nachweise/{instance.commitment.uuid}/{uuid.uuid4().hex}{extension}"


EVIDENCE_TYPE_LABELS = {
    "application/pdf": _("PDF"),
    "image/png": _("PNG-Bild"),
    "image/jpeg": _("JPEG-Bild"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _("Word"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _("Excel"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": _("PowerPoint"),
    "application/vnd.oasis.opendocument.text": _("OpenDocument-Text"),
    "application/vnd.oasis.opendocument.spreadsheet": _("OpenDocument-Tabelle"),
    "application/vnd.oasis.opendocument.presentation": _("OpenDocument-Präsentation"),
    "text/plain; charset=utf-8": _("Text"),
    "text/csv; charset=utf-8": _("CSV"),
}


class EvidenceFile(BaseModel):
    """A file that shows what a commitment achieved (a resolution, a report, a photo …).

    Visible exactly like its commitment; served only through `views.evidence_download`.
    """

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("Beteiligung"),
        on_delete=models.CASCADE,
        related_name="evidence_files",
    )
    file = models.FileField(_("Datei"), upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("Dateiname"), max_length=255)
    content_type = models.CharField(_("Dateityp"), max_length=120)
    size = models.PositiveBigIntegerField(_("Größe in Byte"))
    title = models.CharField(_("Titel"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Nachweisdatei")
        verbose_name_plural = _("Nachweisdateien")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title or self.original_name

    @property
    def audit_municipality_ags(self) -> str:
        return self.commitment.municipality.ags

    @property
    def type_label(self) -> str:
        return str(EVIDENCE_TYPE_LABELS.get(self.content_type, self.content_type))
