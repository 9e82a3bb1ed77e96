"""Who may see a followed object, for following it and for hearing of private activity.

The rule is the target app's own: `<app_label>.view_<model_name>` when that app registered it
with django-rules (strategies, events …). When the target has no such rule, the nearest object
of its follow chain that has one decides (a measure is visible to whoever may see its
strategy). Anything in the chain that is soft-deleted hides the target.

When no object of the chain has a view rule (a network, a region), the target is a public
page: everyone logged in may follow it. Activity marked `private` about such a target only
reaches people who hold a role for it: the coordination or a member municipality of the
network, the regional administration of its region, and superusers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps

import rules

from blaupause.accounts.constants import Role
from blaupause.accounts.models import Membership, RoleIndex

from .chain import chain_objects


def view_permission(model) -> str:
    return f"{model._meta.app_label}.view_{model._meta.model_name}"


def _is_deleted(instance) -> bool:
    return getattr(instance, "deleted_at", None) is not None


class Visibility:
    """Answers "may this person see the target?" for many people with a fixed number of
    queries: the chain and the places are read once, the roles of all people in one query
    (`preload_roles`)."""

    def __init__(self, target, *, ignore_target_deleted: bool = False):
        self.target = target
        self.chain = chain_objects(target)
        # A deletion is itself news for the followers of the deleted object.
        relevant = self.chain[1:] if ignore_target_deleted else self.chain
        self.deleted = any(
            instance is not None and _is_deleted(instance) for *_, instance in relevant
        )
        self.rule: tuple[str, object] | None = None
        for model, _pk, instance in self.chain:
            if instance is None:
                continue
            permission = view_permission(model)
            if rules.perm_exists(permission):
                self.rule = (permission, instance)
                break
        self._places: tuple[set[int], set[int], set[int]] | None = None

    def _place_ids(self) -> tuple[set[int], set[int], set[int]]:
        """(network ids, municipality ids of those networks, region ids) of the chain."""
        if self._places is None:
            network_ids: set[int] = set()
            region_ids: set[int] = set()
            for model, pk, _instance in self.chain:
                if model._meta.label == "regions.Network":
                    network_ids.add(pk)
                elif model._meta.label == "regions.Region":
                    region_ids.add(pk)
            municipality_ids: set[int] = set()
            if network_ids:
                network_model = apps.get_model("regions", "Network")
                rows = network_model.municipalities.through.objects.filter(
                    network_id__in=network_ids
                ).values_list("municipality_id", flat=True)
                municipality_ids = set(rows)
                region_ids |= set(
                    network_model.all_objects.filter(pk__in=network_ids)
                    .exclude(region=None)
                    .values_list("region_id", flat=True)
                )
            self._places = (network_ids, municipality_ids, region_ids)
        return self._places

    def can_follow(self, user) -> bool:
        """Whether `user` may see (and so follow) the target."""
        if self.deleted or not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if self.rule is not None:
            permission, instance = self.rule
            return user.has_perm(permission, instance)
        return True

    def can_see_private(self, user) -> bool:
        """Whether `user` may hear of activity only meant for those who may see the target."""
        if not self.can_follow(user):
            return False
        if self.rule is not None or user.is_superuser:
            return True
        network_ids, municipality_ids, region_ids = self._place_ids()
        roles = user.roles
        return bool(
            roles.coordinated_network_ids & network_ids
            or roles.member_municipality_ids & municipality_ids
            or roles.regional_admin_region_ids & region_ids
        )


def can_view(user, target) -> bool:
    return Visibility(target).can_follow(user)


def preload_roles(users: Iterable) -> None:
    """Fill `user.roles` for many people with one query (as `User.roles` builds it)."""
    users = [user for user in users if "roles" not in user.__dict__]
    if not users:
        return
    buckets: dict[int, dict[str, set[int]]] = defaultdict(
        lambda: {role: set() for role in Role.values}
    )
    rows = Membership.objects.filter(user_id__in=[user.pk for user in users]).values_list(
        "user_id", "role", "region_id", "network_id", "municipality_id"
    )
    for user_id, role, region_id, network_id, municipality_id in rows:
        buckets[user_id][role].add(region_id or network_id or municipality_id)
    for user in users:
        bucket = buckets[user.pk]
        user.__dict__["roles"] = RoleIndex(
            regional_admin_region_ids=frozenset(bucket[Role.REGIONAL_ADMIN]),
            coordinated_network_ids=frozenset(bucket[Role.NETWORK_COORDINATOR]),
            cdo_municipality_ids=frozenset(bucket[Role.CDO]),
            contributor_municipality_ids=frozenset(bucket[Role.CONTRIBUTOR]),
        )
