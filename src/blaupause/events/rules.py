"""Who may see, manage and register for events. Services check these too, not only views.

- Manage an event (edit, cancel, minutes, decisions, attendance list): the coordination of its
  network, the regional admins of its region, and its organiser.
- Create an event: the object is the owner — coordination of a network, regional admins of a
  region (or of the network's region).
- See an event: public ones everyone; "members" ones the members (CDOs, contributors) of the
  network's municipalities — every account with a role in the region for a regional event —
  and everyone who may manage it; "invited" ones the invited people and the members of
  invited municipalities, and the managers.
- Register: whoever may see it and is logged in.
"""

import rules

from blaupause.accounts.predicates import is_coordinator_of, is_regional_admin_for

from .constants import Audience


def _roles(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.roles


def network_member_ids(network) -> frozenset[int]:
    """Municipality ids of a network, cached on the instance (one query per network)."""
    cached = getattr(network, "_member_ids", None)
    if cached is None:
        cached = frozenset(network.municipalities.values_list("pk", flat=True))
        network._member_ids = cached
    return cached


def _region_id(event) -> int | None:
    if event.region_id:
        return event.region_id
    return event.network.region_id if event.network_id else None


@rules.predicate
def is_event_region_admin(user, event) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    region_id = _region_id(event)
    return bool(region_id and region_id in user.roles.regional_admin_region_ids)


@rules.predicate
def is_organiser(user, event) -> bool:
    return bool(getattr(user, "is_authenticated", False) and event.organiser_id == user.pk)


@rules.predicate
def is_public_event(user, event) -> bool:
    return event.audience == Audience.PUBLIC


@rules.predicate
def is_event_member(user, event) -> bool:
    """Member of the network's municipalities, or any role holder in the region's events."""
    roles = _roles(user)
    if roles is None:
        return False
    if event.network_id:
        return bool(roles.member_municipality_ids & network_member_ids(event.network)) or (
            event.network_id in roles.coordinated_network_ids
        )
    return bool(
        roles.member_municipality_ids or roles.coordinated_network_ids or roles.is_regional_admin
    )


@rules.predicate
def is_invited(user, event) -> bool:
    roles = _roles(user)
    if roles is None:
        return False
    invited_users = getattr(event, "_invited_user_ids", None)
    if invited_users is None:
        invited_users = frozenset(event.invited_users.values_list("pk", flat=True))
        event._invited_user_ids = invited_users
    if user.pk in invited_users:
        return True
    invited_municipalities = getattr(event, "_invited_municipality_ids", None)
    if invited_municipalities is None:
        invited_municipalities = frozenset(
            event.invited_municipalities.values_list("pk", flat=True)
        )
        event._invited_municipality_ids = invited_municipalities
    return bool(roles.member_municipality_ids & invited_municipalities)


@rules.predicate
def audience_is_members(user, event) -> bool:
    return event.audience == Audience.MEMBERS


@rules.predicate
def audience_is_invited(user, event) -> bool:
    return event.audience == Audience.INVITED


@rules.predicate
def is_authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


can_manage_event = is_coordinator_of | is_event_region_admin | is_organiser
can_view_event = (
    is_public_event
    | (audience_is_members & is_event_member)
    | (audience_is_invited & is_invited)
    | can_manage_event
)

rules.add_perm("events.change_event", can_manage_event)
rules.add_perm("events.view_event", can_view_event)
rules.add_perm("events.register_event", is_authenticated & can_view_event)
# The object is the owner: a network or a region.
rules.add_perm("events.add_event", is_coordinator_of | is_regional_admin_for)
