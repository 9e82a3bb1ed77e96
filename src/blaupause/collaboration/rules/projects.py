"""Who may see and change joint projects. Services check these too, not only views.

- See the public summary (`collaboration.view_project`): everyone when the project is public,
  otherwise whoever may see its internals.
- See the internals (`collaboration.view_project_internal`): members (CDOs, contributors) of
  the accepted and invited partner municipalities, the coordination of the project's network
  and the regional admins of the lead municipality's region.
- Change the project (`collaboration.change_project`): CDOs of the lead municipality, the
  coordination of the project's network, regional admins of the lead's region.
- Start a project (`collaboration.add_project`, object: the lead municipality): its CDOs, the
  coordination of a network it belongs to, the regional admins of its region.
- Answer an invitation (`collaboration.respond_partner`, object: a `ProjectPartner`): CDOs of
  the invited municipality.
- Work on the project (`collaboration.work_on_project`: work packages, milestones, documents):
  members of the accepted partner municipalities and whoever may change the project.
"""

from __future__ import annotations

import rules

from blaupause.accounts.predicates import is_cdo_of, is_coordinator_of

from ..constants import PartnerStatus

#: Partners whose members see the internals.
INSIDER_STATUSES = frozenset({PartnerStatus.ACCEPTED, PartnerStatus.INVITED})


def _roles(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.roles


def partner_statuses(project) -> dict[int, str]:
    """Municipality id → partner status of a project, cached on the instance.

    Selectors fill the cache from prefetched partners (`prime_partner_cache`); otherwise it
    costs one query per project.
    """
    cached = getattr(project, "_partner_statuses", None)
    if cached is None:
        cached = dict(project.partners.values_list("municipality_id", "status"))
        project._partner_statuses = cached
    return cached


def prime_partner_cache(project, partners) -> None:
    """Fill the cache `partner_statuses` reads from partners loaded already (no query)."""
    project._partner_statuses = {partner.municipality_id: partner.status for partner in partners}


def lead_region_id(project) -> int | None:
    cached = getattr(project, "_lead_region_id", None)
    if cached is None:
        cached = project.lead_municipality.district.region_id
        project._lead_region_id = cached
    return cached


@rules.predicate
def is_public_project(user, project) -> bool:
    return bool(project is not None and project.is_public)


@rules.predicate
def is_partner_member(user, project) -> bool:
    """Member of an accepted or invited partner municipality."""
    roles = _roles(user)
    if roles is None or project is None or not roles.member_municipality_ids:
        return False
    return any(
        municipality_id in roles.member_municipality_ids and status in INSIDER_STATUSES
        for municipality_id, status in partner_statuses(project).items()
    )


@rules.predicate
def is_accepted_partner_member(user, project) -> bool:
    roles = _roles(user)
    if roles is None or project is None or not roles.member_municipality_ids:
        return False
    return any(
        municipality_id in roles.member_municipality_ids and status == PartnerStatus.ACCEPTED
        for municipality_id, status in partner_statuses(project).items()
    )


@rules.predicate
def is_project_region_admin(user, project) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active or project is None:
        return False
    if user.is_superuser:
        return True
    region_id = lead_region_id(project)
    return bool(region_id and region_id in user.roles.regional_admin_region_ids)


@rules.predicate
def coordinates_network_of_municipality(user, municipality) -> bool:
    """Coordination of a network the municipality belongs to."""
    roles = _roles(user)
    if roles is None or municipality is None or not roles.coordinated_network_ids:
        return False
    return municipality.networks.filter(
        pk__in=roles.coordinated_network_ids, deleted_at__isnull=True
    ).exists()


@rules.predicate
def is_region_admin_of_municipality(user, municipality) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active or municipality is None:
        return False
    if user.is_superuser:
        return True
    region_id = municipality.district.region_id if municipality.district_id else None
    return bool(region_id and region_id in user.roles.regional_admin_region_ids)


@rules.predicate
def is_invited_cdo(user, partner) -> bool:
    """CDO of the municipality a partner row is about."""
    return bool(partner is not None and is_cdo_of(user, partner))


can_change_project = is_cdo_of | is_coordinator_of | is_project_region_admin
can_view_internal = is_partner_member | is_coordinator_of | is_project_region_admin
can_view_project = is_public_project | can_view_internal

rules.add_perm("collaboration.view_project", can_view_project)
# The notifications app asks for `<app_label>.view_<model_name>`.
rules.add_perm("collaboration.view_jointproject", can_view_project)
rules.add_perm("collaboration.view_project_internal", can_view_internal)
rules.add_perm("collaboration.change_project", can_change_project)
rules.add_perm("collaboration.work_on_project", is_accepted_partner_member | can_change_project)
rules.add_perm(
    "collaboration.add_project",
    is_cdo_of | coordinates_network_of_municipality | is_region_admin_of_municipality,
)
rules.add_perm("collaboration.respond_partner", is_invited_cdo)
