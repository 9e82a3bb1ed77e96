"""Joint projects (interkommunale Projekte): partners, cost split, funding, work plan, documents."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from blaupause.core.models import BaseModel

from ..constants import (
    AgreementStatus,
    CostSplit,
    DocumentKind,
    FundingStatus,
    PartnerStatus,
    WorkPackageStatus,
)


class JointProject(BaseModel):
    """A project several municipalities carry out together, led by one of them.

    The public summary is visible to everyone; everything else (budget split, work packages,
    documents, internal notes) to the partners, the network coordination and regional admins.
    """

    title = models.CharField(_("Titel"), max_length=200)
    measure = models.ForeignKey(
        "strategies.Measure",
        verbose_name=_("Maßnahme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="joint_projects",
    )
    network = models.ForeignKey(
        "regions.Network",
        verbose_name=_("Netzwerk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="joint_projects",
    )
    lead_municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("federführende Kommune"),
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    summary = models.TextField(_("Öffentliche Kurzbeschreibung (Markdown)"), blank=True)
    goal = models.TextField(_("Ziel"), blank=True)
    scope = models.TextField(_("Umfang"), blank=True)
    internal_notes = models.TextField(_("Interne Notizen (Markdown)"), blank=True)
    starts_on = models.DateField(_("Beginn"), null=True, blank=True)
    ends_on = models.DateField(_("Ende"), null=True, blank=True)
    budget_total = models.DecimalField(
        _("Gesamtbudget (Euro)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    cost_split = models.CharField(
        _("Kostenaufteilung"), max_length=20, choices=CostSplit.choices, default=CostSplit.EQUAL
    )
    funding_programme = models.CharField(_("Förderprogramm"), max_length=200, blank=True)
    funding_rate = models.DecimalField(
        _("Förderquote (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    funding_status = models.CharField(
        _("Stand der Förderung"),
        max_length=20,
        choices=FundingStatus.choices,
        default=FundingStatus.NONE,
    )
    agreement_status = models.CharField(
        _("Stand der Vereinbarung"),
        max_length=30,
        choices=AgreementStatus.choices,
        default=AgreementStatus.IDEA,
        db_index=True,
    )
    is_public = models.BooleanField(_("Kurzbeschreibung öffentlich"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("Demodaten"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gemeinsames Projekt")
        verbose_name_plural = _("gemeinsame Projekte")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                name="jointproject_ends_after_start",
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collaboration:project_detail", kwargs={"uuid": self.uuid})

    @property
    def municipality_id(self) -> int:
        """The owning municipality for the shared role predicates (the lead)."""
        return self.lead_municipality_id

    @property
    def audit_municipality_ags(self) -> str:
        return self.lead_municipality.ags if self.lead_municipality_id else ""


class ProjectPartner(models.Model):
    """A municipality in a joint project: the lead (accepted from the start) or an invited one.

    `share` is the custom cost share in percent; it is used only when the project splits costs
    by custom shares, and then the shares of the accepted partners add up to 100.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="partners")
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("Kommune"),
        on_delete=models.PROTECT,
        related_name="project_partnerships",
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=PartnerStatus.choices,
        default=PartnerStatus.INVITED,
        db_index=True,
    )
    share = models.DecimalField(
        _("Kostenanteil (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    invited_at = models.DateTimeField(_("eingeladen am"), default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(_("geantwortet am"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.CharField(_("Nachricht"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Projektpartner")
        verbose_name_plural = _("Projektpartner")
        ordering = ["project", "municipality__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "municipality"], name="projectpartner_unique_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.project}"


class WorkPackage(BaseModel):
    project = models.ForeignKey(
        JointProject, on_delete=models.CASCADE, related_name="work_packages"
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    owner_municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("verantwortliche Kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("fällig am"), null=True, blank=True)
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=WorkPackageStatus.choices,
        default=WorkPackageStatus.OPEN,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Arbeitspaket")
        verbose_name_plural = _("Arbeitspakete")
        ordering = ["project", "order", "id"]

    def __str__(self) -> str:
        return self.title


class ProjectMilestone(BaseModel):
    project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("Titel"), max_length=200)
    due_on = models.DateField(_("geplant für"))
    reached_on = models.DateField(_("erreicht am"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")
        ordering = ["project", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class ProjectDocument(BaseModel):
    """A document of the agreement process (letter of intent, agreement, funding notice).

    The type is detected from the content on upload (`commitments.filetypes`); files are served
    only to partners, as attachment, with nosniff.
    """

    project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(
        _("Art"), max_length=30, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(_("Datei"), upload_to="projects/%Y/%m/", max_length=300)
    original_name = models.CharField(_("ursprünglicher Dateiname"), max_length=255, blank=True)
    content_type = models.CharField(_("Dateityp"), max_length=120)
    size = models.PositiveBigIntegerField(_("Größe (Byte)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Projektdokument")
        verbose_name_plural = _("Projektdokumente")
        ordering = ["project", "-created_at", "id"]

    def __str__(self) -> str:
        return self.title
