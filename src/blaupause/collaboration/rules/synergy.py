"""Who may see and act on synergy suggestions.

A suggestion names municipalities and what they plan (plans open for partners, public
commitments, projects), so it is shown only to people who work with one of them:

- see: members (CDOs, contributors) of one of its municipalities, the coordination of a
  network one of them belongs to, regional admins of its region, superusers;
- dismiss: CDOs of one of its municipalities (for their municipality), regional admins of its
  region (for the regional view);
- convert into a joint project: CDOs of one of its municipalities.
"""

import rules


def _roles(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.roles


def suggestion_municipality_ids(suggestion) -> frozenset[int]:
    """Ids of the suggestion's municipalities, from the prefetch when there is one."""
    cached = getattr(suggestion, "_municipality_ids", None)
    if cached is None:
        prefetched = getattr(suggestion, "_prefetched_objects_cache", {}).get("municipalities")
        if prefetched is not None:
            cached = frozenset(m.pk for m in prefetched)
        else:
            cached = frozenset(suggestion.municipalities.values_list("pk", flat=True))
        suggestion._municipality_ids = cached
    return cached


def suggestion_network_ids(suggestion) -> frozenset[int]:
    cached = getattr(suggestion, "_network_ids", None)
    if cached is None:
        from blaupause.regions.models import Network

        cached = frozenset(
            Network.objects.filter(
                municipalities__in=suggestion_municipality_ids(suggestion)
            ).values_list("pk", flat=True)
        )
        suggestion._network_ids = cached
    return cached


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


@rules.predicate
def is_suggestion_member(user, suggestion) -> bool:
    roles = _roles(user)
    if roles is None or suggestion is None:
        return False
    return bool(roles.member_municipality_ids & suggestion_municipality_ids(suggestion))


@rules.predicate
def is_suggestion_cdo(user, suggestion) -> bool:
    roles = _roles(user)
    if roles is None or suggestion is None:
        return False
    return bool(roles.cdo_municipality_ids & suggestion_municipality_ids(suggestion))


@rules.predicate
def is_suggestion_region_admin(user, suggestion) -> bool:
    roles = _roles(user)
    if roles is None or suggestion is None or not suggestion.region_id:
        return False
    return suggestion.region_id in roles.regional_admin_region_ids


@rules.predicate
def is_suggestion_coordinator(user, suggestion) -> bool:
    roles = _roles(user)
    if roles is None or suggestion is None or not roles.coordinated_network_ids:
        return False
    return bool(roles.coordinated_network_ids & suggestion_network_ids(suggestion))


can_view_suggestion = (
    is_superuser | is_suggestion_member | is_suggestion_region_admin | is_suggestion_coordinator
)

rules.add_perm("collaboration.view_suggestion", can_view_suggestion)
rules.add_perm(
    "collaboration.dismiss_suggestion",
    is_superuser | is_suggestion_cdo | is_suggestion_region_admin,
)
rules.add_perm("collaboration.convert_suggestion", is_superuser | is_suggestion_cdo)
