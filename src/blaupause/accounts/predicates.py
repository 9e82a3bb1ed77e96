"""Role predicates for django-rules. Each takes (user, obj) and reads `user.roles` (one query)."""

from django.db import models

import rules


def _roles(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.roles


@rules.predicate
def is_regional_admin(user) -> bool:
    roles = _roles(user)
    return bool(roles and roles.is_regional_admin) or bool(getattr(user, "is_superuser", False))


def _municipality_id(obj):
    """The municipality an object belongs to: itself, or its `municipality` field."""
    if obj is None:
        return None
    if obj._meta.label == "regions.Municipality":
        return obj.pk
    return getattr(obj, "municipality_id", None)


@rules.predicate
def is_cdo_of(user, obj) -> bool:
    roles = _roles(user)
    municipality_id = _municipality_id(obj)
    return bool(roles and municipality_id and municipality_id in roles.cdo_municipality_ids)


@rules.predicate
def is_member_of(user, obj) -> bool:
    roles = _roles(user)
    municipality_id = _municipality_id(obj)
    return bool(roles and municipality_id and municipality_id in roles.member_municipality_ids)


def _network_id(obj):
    if obj is None:
        return None
    if obj._meta.label == "regions.Network":
        return obj.pk
    return getattr(obj, "network_id", None)


@rules.predicate
def is_coordinator_of(user, obj) -> bool:
    roles = _roles(user)
    network_id = _network_id(obj)
    return bool(roles and network_id and network_id in roles.coordinated_network_ids)


@rules.predicate
def has_any_role(user) -> bool:
    roles = _roles(user)
    return bool(
        roles
        and (
            roles.is_regional_admin
            or roles.coordinated_network_ids
            or roles.member_municipality_ids
        )
    )


def _region_id(obj):
    """The region an object belongs to: a region itself, a network's or a municipality's region,
    or that of the municipality an object belongs to (its `municipality` field).

    For a municipality this reads ``obj.district.region_id``; selectors load the district with
    it, so the check costs no query.
    """
    if obj is None:
        return None
    label = obj._meta.label
    if label == "regions.Region":
        return obj.pk
    if label == "regions.Network":
        return obj.region_id
    if label == "regions.Municipality":
        return obj.district.region_id if obj.district_id else None
    # Membership, Invitation: their scope is a region, network or municipality. Other models may
    # use the name for a text (a joint project's "scope" is what it covers).
    scope = getattr(obj, "scope", None)
    if isinstance(scope, models.Model) and scope is not obj:
        return _region_id(scope)
    if getattr(obj, "municipality_id", None):  # Commitment, Assessment, …
        return _region_id(obj.municipality)
    return None


@rules.predicate
def is_regional_admin_for(user, obj) -> bool:
    """Regional admin of the region the object lies in (superusers count as everywhere)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    roles = _roles(user)
    region_id = _region_id(obj)
    return bool(roles and region_id and region_id in roles.regional_admin_region_ids)


@rules.predicate
def is_owner(user, obj) -> bool:
    """The object (an API token) belongs to the user."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and obj is not None
        and obj.user_id == user.pk
    )
