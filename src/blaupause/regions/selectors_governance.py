"""Reads of a network's governance page: members with their roles, working groups, mandate.

The number of queries does not grow with the number of members, people or working groups.
Named people are shown only to members of the network and admins (`can_see_people`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from blaupause.accounts.constants import Role
from blaupause.accounts.models import Membership, User

from .models import Municipality, Network, WorkingGroup, WorkingGroupStatus
from .selectors import municipality_rows

__all__ = [
    "GovernancePage",
    "can_see_people",
    "governance_network_get",
    "governance_page",
    "working_group_get",
    "working_group_member_choices",
    "working_group_people_choices",
]

_MEMBER_FIELDS = (
    "ags",
    "name",
    "kind",
    "population",
    "population_date",
    "district__name",
    "district__slug",
    "district__kind",
)
#: Roles in a member municipality, in the order the page lists them.
MUNICIPAL_ROLES = (Role.CDO, Role.CONTRIBUTOR)


def governance_network_get(*, slug: str) -> Network:
    """A network with its coordinating municipality; 404 when unknown."""
    network = (
        Network.objects.select_related("region", "district", "coordinating_municipality")
        .filter(slug=slug)
        .first()
    )
    if network is None:
        raise Http404(_("Dieses Netzwerk gibt es nicht."))
    return network


def can_see_people(viewer, network: Network, member_ids: set[int] | frozenset[int]) -> bool:
    """Whether the viewer sees the names of people: a role in a member municipality, in the
    network's coordination, a regional admin of its region, or a superuser."""
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return False
    if viewer.is_superuser:
        return True
    roles = viewer.roles
    return bool(
        network.pk in roles.coordinated_network_ids
        or (network.region_id and network.region_id in roles.regional_admin_region_ids)
        or roles.member_municipality_ids & set(member_ids)
    )


@dataclass
class Person:
    name: str
    role: str
    role_label: str


@dataclass
class GovernancePage:
    network: Network
    members: list[Municipality]
    working_groups: list[WorkingGroup]
    show_people: bool
    coordinators: list[Person] = field(default_factory=list)
    coordinator_count: int = 0

    @property
    def active_groups(self) -> list[WorkingGroup]:
        return [group for group in self.working_groups if group.is_active]

    @property
    def ended_groups(self) -> list[WorkingGroup]:
        return [group for group in self.working_groups if not group.is_active]

    @property
    def population(self) -> int:
        return sum(m.population or 0 for m in self.members)


def _role_labels() -> dict[str, str]:
    return {
        Role.NETWORK_COORDINATOR: _("Koordination"),
        Role.CDO: _("CDO"),
        Role.CONTRIBUTOR: _("Mitwirkend"),
    }


def governance_page(*, network: Network, viewer) -> GovernancePage:
    """Everything the governance page shows, in a fixed number of queries.

    Members (with district), roles of people in them and in the coordination, and the working
    groups with lead, municipalities and — for members of the network — people.
    """
    members = municipality_rows(
        network.municipalities.select_related("district")
        .only(*_MEMBER_FIELDS)
        .order_by("name", "ags")
    )
    member_ids = {m.pk for m in members}
    show_people = can_see_people(viewer, network, member_ids)
    labels = _role_labels()

    roles = Membership.objects.filter(
        Q(role__in=MUNICIPAL_ROLES, municipality_id__in=member_ids)
        | Q(role=Role.NETWORK_COORDINATOR, network=network),
        user__is_active=True,
    ).order_by(
        Case(
            When(role=Role.CDO, then=Value(0)),
            When(role=Role.CONTRIBUTOR, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        "user__name",
        "user__email",
    )
    if show_people:
        rows = [
            (m.role, m.municipality_id, str(m.user))
            for m in roles.select_related("user").only(
                "role", "municipality_id", "user__name", "user__email"
            )
        ]
    else:  # names are not even read for visitors who may not see them
        rows = [(role, mid, "") for role, mid in roles.values_list("role", "municipality_id")]

    by_municipality: dict[int, list[Person]] = {}
    coordinators: list[Person] = []
    for role, municipality_id, name in rows:
        person = Person(name=name, role=role, role_label=labels.get(role, role))
        if role == Role.NETWORK_COORDINATOR:
            coordinators.append(person)
        else:
            by_municipality.setdefault(municipality_id, []).append(person)
    for member in members:
        member.is_coordinating = member.pk == network.coordinating_municipality_id
        member.people = by_municipality.get(member.pk, [])
        member.people_count = len(member.people)
        member.cdo_count = sum(1 for p in member.people if p.role == Role.CDO)
        member.contributor_count = member.people_count - member.cdo_count

    prefetches = [
        Prefetch(
            "municipalities",
            queryset=Municipality.objects.only("ags", "name").order_by("name", "ags"),
            to_attr="member_list",
        )
    ]
    if show_people:
        prefetches.append(
            Prefetch(
                "people",
                queryset=User.objects.filter(is_active=True)
                .only("name", "email")
                .order_by("name", "email"),
                to_attr="people_list",
            )
        )
    groups = list(
        WorkingGroup.objects.filter(network=network)
        .select_related("lead")
        .prefetch_related(*prefetches)
        .order_by(
            Case(
                When(status=WorkingGroupStatus.ACTIVE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "name",
        )
    )
    for group in groups:
        group.network = network  # for URLs, without a query per group
        if not show_people:
            group.people_list = []
    return GovernancePage(
        network=network,
        members=members,
        working_groups=groups,
        show_people=show_people,
        coordinators=coordinators,
        coordinator_count=len(coordinators),
    )


def working_group_get(*, network: Network, uuid) -> WorkingGroup:
    """A working group of this network (not one of another network); 404 otherwise."""
    group = WorkingGroup.objects.filter(network=network, uuid=uuid).first()
    if group is None:
        raise Http404(_("Diese Arbeitsgruppe gibt es nicht."))
    group.network = network
    return group


def working_group_member_choices(*, network: Network) -> QuerySet[Municipality]:
    """The municipalities that may lead or join a working group: the network's members."""
    return network.municipalities.select_related("district").order_by("name", "ags")


def working_group_people_choices(*, network: Network) -> QuerySet[User]:
    """Accounts that may join a working group: a role in a member municipality or in the
    network's coordination."""
    in_members = Membership.objects.filter(
        role__in=MUNICIPAL_ROLES,
        municipality__in=network.municipalities.values("pk"),
    ).values("user_id")
    coordinators = Membership.objects.filter(role=Role.NETWORK_COORDINATOR, network=network).values(
        "user_id"
    )
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=in_members) | Q(pk__in=coordinators))
        .only("name", "email")
        .order_by("name", "email")
    )
