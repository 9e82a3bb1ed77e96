"""Who may see, record and change procurement plans (Beschaffungsvorhaben).

- See a plan: logged-in members (CDOs, contributors) of any municipality of the same region as
  the plan's municipality, the coordination of a network of that region (or of a network the
  municipality belongs to), and the regional admins of the region. Nobody else: plans are
  internal to the region's cooperation, anonymous visitors never see them.
- Record a plan (the object is the municipality): its CDO and the regional admins.
- Change or delete a plan: the CDO of the plan's municipality and the regional admins.

The region of a plan is read through ``plan.municipality.district`` (selectors load it); the
regions a person belongs to are read once per request and cached on the user object.
"""

from __future__ import annotations

import rules

from blaupause.accounts.predicates import is_cdo_of, is_regional_admin_for

_CACHE = "_bp_procurement_scope"


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def viewer_scope(user) -> tuple[frozenset[int], frozenset[int]]:
    """(region ids, municipality ids) whose plans `user` may see, without regional admin rights.

    Region ids come from the person's municipalities and coordinated networks; municipality ids
    are the members of coordinated networks (for networks without a region). Two queries at
    most, cached on the user object for the request.
    """
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    from blaupause.regions.models import Municipality, Network

    roles = user.roles
    region_ids: set[int] = set(roles.regional_admin_region_ids)
    municipality_ids: set[int] = set()
    if roles.member_municipality_ids:
        region_ids |= set(
            Municipality.objects.filter(pk__in=roles.member_municipality_ids)
            .exclude(district__region=None)
            .values_list("district__region_id", flat=True)
        )
    if roles.coordinated_network_ids:
        for region_id, municipality_id in Network.objects.filter(
            pk__in=roles.coordinated_network_ids
        ).values_list("region_id", "municipalities"):
            if region_id:
                region_ids.add(region_id)
            if municipality_id:
                municipality_ids.add(municipality_id)
    cached = (frozenset(region_ids), frozenset(municipality_ids))
    setattr(user, _CACHE, cached)
    return cached


def plan_region_id(plan) -> int | None:
    municipality = plan.municipality
    return municipality.district.region_id if municipality.district_id else None


@rules.predicate
def can_see_region_plans(user, plan) -> bool:
    """Member, coordination or regional admin in the plan's region."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    region_ids, municipality_ids = viewer_scope(user)
    if plan.municipality_id in municipality_ids:
        return True
    region_id = plan_region_id(plan)
    return bool(region_id and region_id in region_ids)


@rules.predicate
def is_alive(user, plan) -> bool:
    return plan is not None and plan.deleted_at is None


can_change_plan = is_cdo_of | is_regional_admin_for
can_view_plan = (is_alive & can_see_region_plans) | is_regional_admin_for

rules.add_perm("collaboration.view_plan", can_view_plan)
# The name notifications look for (`<app>.view_<model>`), the same rule.
rules.add_perm("collaboration.view_procurementplan", can_view_plan)
# The object is the municipality the plan is for.
rules.add_perm("collaboration.add_plan", is_cdo_of | is_regional_admin_for)
rules.add_perm("collaboration.change_plan", is_alive & can_change_plan)
rules.add_perm("collaboration.delete_plan", is_alive & can_change_plan)
# Restoring a soft-deleted plan: the regional admins only.
rules.add_perm("collaboration.restore_plan", is_regional_admin_for)
