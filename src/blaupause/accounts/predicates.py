"""Role predicates for django-rules. Each takes (user, obj) and reads `user.roles` (one query)."""

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
