"""Who may see and manage learning offers and record participations. Services check these too.

- See an offer or a learning path: everyone while the offer is published; unpublished offers
  only those who may change them.
- Create an offer (object: a `Region`) and change one (object: the `LearningOffer`): the
  regional admins of the region and the coordination of a network in that region. An offer
  without a region only superusers.
- Record participations (object: a `Municipality`): the CDOs of that municipality and the
  regional admins of its region. Nobody records for another municipality.
- See a municipality's participations and learning suggestions (object: a `Municipality`): its
  members and the regional admins of its region.
- The competence overview of a region (object: a `Region`): its regional admins and the
  coordination of its networks.
"""

from __future__ import annotations

import rules

from blaupause.accounts.predicates import is_cdo_of, is_member_of, is_regional_admin_for


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def coordinated_region_ids(user) -> frozenset[int]:
    """Regions of the networks a user coordinates (one query, cached on the user object)."""
    if not _active(user):
        return frozenset()
    cached = getattr(user, "_learning_coordinated_region_ids", None)
    if cached is None:
        network_ids = user.roles.coordinated_network_ids
        cached = frozenset()
        if network_ids:
            from blaupause.regions.models import Network

            rows = Network.objects.filter(pk__in=network_ids).values_list(
                "region_id", "district__region_id"
            )
            cached = frozenset(pk for row in rows for pk in row if pk)
        user._learning_coordinated_region_ids = cached
    return cached


def manageable_region_ids(user) -> frozenset[int] | None:
    """Regions in which a user may create and change offers; None means every region."""
    if not _active(user):
        return frozenset()
    if user.is_superuser:
        return None
    return user.roles.regional_admin_region_ids | coordinated_region_ids(user)


def _offer_region_id(obj) -> int | None:
    if obj is None:
        return None
    if obj._meta.label == "regions.Region":
        return obj.pk
    return getattr(obj, "region_id", None)


@rules.predicate
def manages_offer_region(user, obj) -> bool:
    """Regional admin of the offer's (or region's) region, or coordinates a network in it."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    region_id = _offer_region_id(obj)
    if not region_id:
        return False
    return region_id in user.roles.regional_admin_region_ids or region_id in (
        coordinated_region_ids(user)
    )


@rules.predicate
def is_published_offer(user, offer) -> bool:
    return bool(offer is not None and offer.is_published and offer.deleted_at is None)


rules.add_perm("knowledge.add_learningoffer", manages_offer_region)
rules.add_perm("knowledge.change_learningoffer", manages_offer_region)
rules.add_perm("knowledge.view_learningoffer", is_published_offer | manages_offer_region)
rules.add_perm("knowledge.record_participation", is_cdo_of | is_regional_admin_for)
rules.add_perm("knowledge.view_participations", is_member_of | is_regional_admin_for)
rules.add_perm("knowledge.view_competence", manages_offer_region)
