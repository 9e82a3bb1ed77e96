"""Reads of joint projects: the list with filters, one project's page, choices for forms.

Everything is filtered to what the viewer may see. The number of queries does not grow with
the number of projects, partners, work packages or documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from blaupause.commitments.constants import CommitmentStatus
from blaupause.commitments.models import Commitment
from blaupause.regions.models import Municipality, Network
from blaupause.strategies.models import Measure

from ..constants import AgreementStatus, CostSplit, FundingStatus, PartnerStatus
from ..models import JointProject, ProjectDocument, ProjectMilestone, ProjectPartner, WorkPackage
from ..rules.projects import INSIDER_STATUSES, prime_partner_cache
from ..services.projects import AGREEMENT_STEPS, PROJECT_DENIED, split_amounts

__all__ = [
    "CostRow",
    "ProjectPage",
    "cost_split_rows",
    "filter_municipalities",
    "invite_choices",
    "lead_choices",
    "measure_choices",
    "network_choices",
    "project_get",
    "project_get_for_change",
    "project_get_for_work",
    "project_list",
    "project_page",
    "projects_for_measure",
    "projects_for_municipality",
    "visibility_q",
]

NOT_FOUND = "Dieses Projekt gibt es nicht."


def visibility_q(viewer) -> Q:
    """Which projects `viewer` may see at all (public summary or internals), as a filter."""
    if getattr(viewer, "is_superuser", False) and viewer.is_active:
        return Q()
    condition = Q(is_public=True)
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return condition
    roles = viewer.roles
    if roles.member_municipality_ids:
        condition |= Exists(
            ProjectPartner.objects.filter(
                project=OuterRef("pk"),
                municipality_id__in=sorted(roles.member_municipality_ids),
                status__in=sorted(INSIDER_STATUSES),
            )
        )
    if roles.coordinated_network_ids:
        condition |= Q(network_id__in=sorted(roles.coordinated_network_ids))
    if roles.regional_admin_region_ids:
        condition |= Q(
            lead_municipality__district__region_id__in=sorted(roles.regional_admin_region_ids)
        )
    return condition


def _partners_prefetch() -> Prefetch:
    return Prefetch(
        "partners",
        queryset=ProjectPartner.objects.select_related("municipality")
        .defer("municipality__geometry")
        .order_by("municipality__name", "pk"),
    )


def project_list(
    *, viewer, status: str = "", municipality: Municipality | None = None
) -> QuerySet[JointProject]:
    """Projects the viewer may see, optionally of one agreement status or with one
    municipality as lead or (accepted or invited) partner; ready for the list page."""
    queryset = JointProject.objects.filter(visibility_q(viewer))
    if status:
        queryset = queryset.filter(agreement_status=status)
    if municipality is not None:
        queryset = queryset.filter(
            Exists(
                ProjectPartner.objects.filter(
                    project=OuterRef("pk"),
                    municipality=municipality,
                    status__in=sorted(INSIDER_STATUSES),
                )
            )
        )
    return (
        queryset.select_related("lead_municipality", "measure", "measure__strategy", "network")
        .defer("lead_municipality__geometry")
        .annotate(
            accepted_count=Count(
                "partners", filter=Q(partners__status=PartnerStatus.ACCEPTED), distinct=True
            )
        )
        .prefetch_related(_partners_prefetch())
        .order_by("title", "pk")
    )


def filter_municipalities(*, viewer) -> QuerySet[Municipality]:
    """Municipalities that lead or take part in a project the viewer may see (list filter)."""
    visible = JointProject.objects.filter(visibility_q(viewer)).values("pk")
    return (
        Municipality.objects.filter(
            project_partnerships__project__in=visible,
            project_partnerships__status__in=sorted(INSIDER_STATUSES),
        )
        .distinct()
        .order_by("name")
        .only("ags", "name")
    )


def projects_for_municipality(*, viewer, municipality: Municipality) -> QuerySet[JointProject]:
    """The projects a municipality leads or takes part in, as far as the viewer may see them."""
    return project_list(viewer=viewer, municipality=municipality)


def projects_for_measure(*, viewer, measure: Measure) -> QuerySet[JointProject]:
    """Projects on one measure that the viewer may see."""
    return project_list(viewer=viewer).filter(measure=measure)


def _project_queryset():
    return (
        JointProject.objects.select_related(
            "lead_municipality__district", "measure__strategy", "network", "created_by"
        )
        .defer("lead_municipality__geometry")
        .prefetch_related(_partners_prefetch())
    )


def project_get(*, uuid, viewer) -> JointProject:
    """The project if the viewer may see at least its summary; 404 otherwise."""
    project = _project_queryset().filter(uuid=uuid).first()
    if project is None:
        raise Http404(_(NOT_FOUND))
    prime_partner_cache(project, project.partners.all())
    project._lead_region_id = project.lead_municipality.district.region_id
    if not viewer.has_perm("collaboration.view_project", project):
        raise Http404(_(NOT_FOUND))
    return project


def project_get_for_change(*, uuid, viewer) -> JointProject:
    """For the pages that change the project: 404 if unseen, PermissionDenied if not allowed."""
    project = project_get(uuid=uuid, viewer=viewer)
    if not viewer.has_perm("collaboration.view_project_internal", project):
        raise Http404(_(NOT_FOUND))
    if not viewer.has_perm("collaboration.change_project", project):
        raise PermissionDenied(PROJECT_DENIED)
    return project


def project_get_for_work(*, uuid, viewer) -> JointProject:
    """For work packages, milestones and documents: 404 without sight of the internals."""
    project = project_get(uuid=uuid, viewer=viewer)
    if not viewer.has_perm("collaboration.view_project_internal", project):
        raise Http404(_(NOT_FOUND))
    if not viewer.has_perm("collaboration.work_on_project", project):
        raise PermissionDenied(
            _("Am Arbeitsplan arbeiten nur Partnerkommunen, die zugesagt haben.")
        )
    return project


# --- cost split --------------------------------------------------------------------------------


@dataclass
class CostRow:
    partner: ProjectPartner
    percent: Decimal | None
    amount: Decimal | None
    own_amount: Decimal | None = None
    is_lead: bool = False


@dataclass
class CostSplitView:
    rows: list[CostRow]
    total_percent: Decimal | None
    total_amount: Decimal | None
    total_own: Decimal | None
    problems: list[str] = field(default_factory=list)
    funding_counts: bool = False


def _fractions(project: JointProject, partners: list[ProjectPartner], problems: list[str]):
    count = len(partners)
    if not count:
        return {}
    if project.cost_split == CostSplit.POPULATION:
        missing = [p.municipality.name for p in partners if not p.municipality.population]
        if not missing:
            total = sum(p.municipality.population for p in partners)
            return {p.pk: Fraction(p.municipality.population, total) for p in partners}
        problems.append(
            _("Für %(names)s fehlt die Einwohnerzahl; bis dahin gilt: zu gleichen Teilen.")
            % {"names": ", ".join(missing)}
        )
    if project.cost_split == CostSplit.CUSTOM:
        without = [p.municipality.name for p in partners if p.share is None]
        total = sum((p.share or Decimal(0) for p in partners), Decimal(0))
        if without:
            problems.append(
                _("Für %(names)s ist noch kein Anteil festgelegt.") % {"names": ", ".join(without)}
            )
        if total != Decimal(100):
            problems.append(
                _(
                    "Die Anteile ergeben zusammen %(total)s %% statt 100 %%. "
                    "Bitte verteilen Sie sie neu."
                )
                % {"total": f"{total:.2f}".replace(".", ",")}
            )
        return {p.pk: Fraction(p.share or 0) / 100 for p in partners}
    return {p.pk: Fraction(1, count) for p in partners}


def cost_split_rows(project: JointProject, partners: list[ProjectPartner]) -> CostSplitView:
    """Percent and euro amount per accepted partner, and each one's own share after funding.

    Amounts are rounded to cents and percentages to hundredths; what rounding leaves over goes
    to the lead, so that they add up to the budget and to 100 % exactly.
    """
    accepted = [p for p in partners if p.status == PartnerStatus.ACCEPTED]
    problems: list[str] = []
    fractions = _fractions(project, accepted, problems)
    shares = [
        (p.pk, Decimal(f.numerator) / Decimal(f.denominator))
        for p in accepted
        for f in [fractions[p.pk]]
    ]
    amounts = split_amounts(
        project.budget_total, shares, project_lead_partner_pk(accepted, project)
    )
    funding_counts = bool(
        project.funding_rate is not None
        and project.funding_status
        in (FundingStatus.PLANNED, FundingStatus.APPLIED, FundingStatus.APPROVED)
    )
    percents = {
        pk: (Decimal(f.numerator) * 100 / Decimal(f.denominator)).quantize(Decimal("0.01"))
        for pk, f in fractions.items()
        if pk in {p.pk for p in accepted}
    }
    # Like the amounts, the rounded percentages add up exactly: the rest goes to the lead.
    lead_pk = project_lead_partner_pk(accepted, project)
    if percents and sum(fractions[p.pk] for p in accepted) == 1 and lead_pk in percents:
        percents[lead_pk] += Decimal(100) - sum(percents.values())
    rows = []
    for partner in accepted:
        percent = percents[partner.pk]
        amount = amounts.get(partner.pk)
        own = None
        if amount is not None and funding_counts:
            own = (amount * (Decimal(100) - project.funding_rate) / Decimal(100)).quantize(
                Decimal("0.01")
            )
        rows.append(
            CostRow(
                partner=partner,
                percent=percent,
                amount=amount,
                own_amount=own,
                is_lead=partner.municipality_id == project.lead_municipality_id,
            )
        )
    total_amount = (
        sum((r.amount for r in rows if r.amount is not None), Decimal(0))
        if (project.budget_total is not None)
        else None
    )
    total_own = (
        sum((r.own_amount for r in rows if r.own_amount is not None), Decimal(0))
        if funding_counts and project.budget_total is not None
        else None
    )
    return CostSplitView(
        rows=rows,
        total_percent=sum((r.percent for r in rows), Decimal(0)) if rows else None,
        total_amount=total_amount,
        total_own=total_own,
        problems=problems,
        funding_counts=funding_counts,
    )


def project_lead_partner_pk(partners: list[ProjectPartner], project: JointProject) -> int | None:
    for partner in partners:
        if partner.municipality_id == project.lead_municipality_id:
            return partner.pk
    return None


# --- the page ----------------------------------------------------------------------------------


@dataclass
class ProjectPage:
    """What the project page shows the viewer."""

    can_see_internal: bool
    can_change: bool
    can_work: bool
    accepted: list[ProjectPartner]
    invited: list[ProjectPartner]
    declined: list[ProjectPartner]
    my_invitations: list[ProjectPartner] = field(default_factory=list)
    costs: CostSplitView | None = None
    work_packages: list[WorkPackage] = field(default_factory=list)
    milestones: list[ProjectMilestone] = field(default_factory=list)
    documents: list[ProjectDocument] = field(default_factory=list)
    commitment_roles: dict[int, str] = field(default_factory=dict)
    missing_commitments: list[ProjectPartner] = field(default_factory=list)
    agreement_steps: list[dict] = field(default_factory=list)


def _agreement_steps(project: JointProject) -> list[dict]:
    current = AGREEMENT_STEPS.index(project.agreement_status)
    return [
        {
            "value": step,
            "label": AgreementStatus(step).label,
            "done": index < current,
            "current": index == current,
        }
        for index, step in enumerate(AGREEMENT_STEPS)
    ]


def project_page(*, project: JointProject, viewer) -> ProjectPage:
    """The public summary for everyone who may see the project; the internals (split, work
    packages, milestones, documents, commitments) only for those who may see them."""
    partners = list(project.partners.all())
    accepted = [p for p in partners if p.status == PartnerStatus.ACCEPTED]
    page = ProjectPage(
        can_see_internal=viewer.has_perm("collaboration.view_project_internal", project),
        can_change=viewer.has_perm("collaboration.change_project", project),
        can_work=viewer.has_perm("collaboration.work_on_project", project),
        accepted=accepted,
        invited=[p for p in partners if p.status == PartnerStatus.INVITED],
        declined=[p for p in partners if p.status in (PartnerStatus.DECLINED, PartnerStatus.LEFT)],
        agreement_steps=_agreement_steps(project),
    )
    page.my_invitations = [
        p for p in page.invited if viewer.has_perm("collaboration.respond_partner", p)
    ]
    if not page.can_see_internal:
        return page
    page.costs = cost_split_rows(project, partners)
    page.work_packages = list(
        WorkPackage.objects.filter(project=project).select_related("owner_municipality")
    )
    page.milestones = list(ProjectMilestone.objects.filter(project=project))
    page.documents = list(
        ProjectDocument.objects.filter(project=project).select_related("uploaded_by")
    )
    if project.measure_id:
        roles = dict(
            Commitment.objects.filter(
                measure_id=project.measure_id,
                municipality_id__in=[p.municipality_id for p in accepted],
            )
            .exclude(status=CommitmentStatus.DROPPED)
            .values_list("municipality_id", "role")
        )
        page.commitment_roles = roles
        page.missing_commitments = [p for p in accepted if p.municipality_id not in roles]
        for partner in accepted:
            partner.commitment_role = roles.get(partner.municipality_id, "")
    return page


# --- form choices ------------------------------------------------------------------------------


def lead_choices(*, viewer) -> QuerySet[Municipality]:
    """Municipalities the viewer may start a project for."""
    queryset = Municipality.objects.select_related("district").defer("geometry").order_by("name")
    if getattr(viewer, "is_superuser", False):
        return queryset
    roles = viewer.roles
    condition = Q(pk__in=sorted(roles.cdo_municipality_ids))
    if roles.coordinated_network_ids:
        condition |= Q(networks__in=sorted(roles.coordinated_network_ids))
    if roles.regional_admin_region_ids:
        condition |= Q(district__region_id__in=sorted(roles.regional_admin_region_ids))
    return queryset.filter(condition).distinct()


def invite_choices(*, project: JointProject | None = None, region_id: int | None = None):
    """Municipalities that may be invited: those of the lead's region that are not partners
    (declined or left ones may be invited again)."""
    queryset = Municipality.objects.select_related("district").defer("geometry").order_by("name")
    if project is not None:
        region_id = project.lead_municipality.district.region_id
        queryset = queryset.exclude(
            pk__in=ProjectPartner.objects.filter(
                project=project, status__in=sorted(INSIDER_STATUSES)
            ).values("municipality_id")
        )
    if region_id:
        queryset = queryset.filter(district__region_id=region_id)
    return queryset


def measure_choices() -> QuerySet[Measure]:
    """Measures of strategies of networks (the shared framework strategies) and of
    municipalities, for linking a project."""
    return (
        Measure.objects.filter(strategy__deleted_at__isnull=True)
        .select_related("strategy")
        .order_by("strategy__title", "order", "key")
    )


def network_choices() -> QuerySet[Network]:
    return Network.objects.order_by("name")
