"""Reads of the accounts app for its pages: dashboard, teams, invitations, tokens, audit log.

Every function returns data planned for one page; no page's query count grows with its rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from blaupause.core.models import AuditEvent
from blaupause.regions.models import Municipality, Network, Region

from .constants import SCOPE_ROLES, Role
from .models import ApiToken, Invitation, Membership

if TYPE_CHECKING:
    from .models import User

__all__ = [
    "Dashboard",
    "Team",
    "account_exists",
    "address_belongs_to",
    "allowed_roles",
    "api_token_get",
    "api_tokens_of",
    "audit_events",
    "audit_verbs",
    "dashboard_for",
    "invitation_for_secret",
    "invitation_get",
    "membership_get",
    "municipality_get",
    "network_get",
    "region_get",
    "scope_kind_of",
    "team_for",
    "team_permission",
    "team_url",
]

_TEAM_PERMISSIONS = {
    "region": "accounts.manage_region_team",
    "network": "accounts.manage_network_team",
    "municipality": "accounts.manage_municipality_team",
}


# --- scopes ------------------------------------------------------------------------------------


def scope_kind_of(scope) -> str:
    """``region``, ``network`` or ``municipality`` for a scope object."""
    kind = {
        "regions.Region": "region",
        "regions.Network": "network",
        "regions.Municipality": "municipality",
    }.get(scope._meta.label)
    if kind is None:
        raise ValueError(f"not a scope: {scope!r}")
    return kind


def team_permission(scope) -> str:
    """The rules permission that allows managing the team of a scope."""
    return _TEAM_PERMISSIONS[scope_kind_of(scope)]


def allowed_roles(*, actor, scope) -> tuple[Role, ...]:
    """The roles `actor` may grant (invite to) for `scope`; empty when none."""
    if not actor.has_perm(team_permission(scope), scope):
        return ()
    return SCOPE_ROLES[scope_kind_of(scope)]


def team_url(scope) -> str:
    kind = scope_kind_of(scope)
    if kind == "municipality":
        return reverse("accounts:municipality_team", kwargs={"ags": scope.ags})
    if kind == "network":
        return reverse("accounts:network_team", kwargs={"slug": scope.slug})
    return reverse("accounts:region_team", kwargs={"slug": scope.slug})


def municipality_get(*, ags: str) -> Municipality:
    """One municipality with its district (the permission check reads the district's region)."""
    municipality = Municipality.objects.select_related("district").filter(ags=ags).first()
    if municipality is None:
        raise Http404
    return municipality


def network_get(*, slug: str) -> Network:
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise Http404
    return network


def region_get(*, slug: str) -> Region:
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        raise Http404
    return region


# --- teams -------------------------------------------------------------------------------------


@dataclass
class Team:
    """Everything a team page shows for one scope."""

    scope: object
    kind: str
    members: list[Membership]
    invitations: list[Invitation]
    #: For a network: the CDOs of its member municipalities (read-only, for contact).
    member_cdos: list[Membership] = field(default_factory=list)


def team_for(*, scope) -> Team:
    """Members with their roles and the invitations not yet accepted, for one scope."""
    kind = scope_kind_of(scope)
    members = list(
        Membership.objects.filter(**{kind: scope})
        .select_related("user")
        .order_by("role", "user__name", "user__email")
    )
    invitations = list(
        Invitation.objects.filter(**{kind: scope}, accepted_at__isnull=True)
        .select_related("invited_by")
        .order_by("-created_at")
    )
    member_cdos: list[Membership] = []
    if kind == "network":
        member_cdos = list(
            Membership.objects.filter(
                role=Role.CDO,
                municipality__networks=scope,
                municipality__deleted_at__isnull=True,
            )
            .select_related("user", "municipality")
            .order_by("municipality__name", "user__name")
        )
    return Team(
        scope=scope, kind=kind, members=members, invitations=invitations, member_cdos=member_cdos
    )


def membership_get(*, uuid) -> Membership:
    """One current membership with its scope loaded (404 when unknown or removed)."""
    membership = (
        Membership.objects.select_related("user", "region", "network", "municipality__district")
        .filter(uuid=uuid)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def invitation_get(*, uuid) -> Invitation:
    invitation = (
        Invitation.objects.select_related("region", "network", "municipality__district")
        .filter(uuid=uuid)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def address_belongs_to(*, user: User, email: str) -> bool:
    """The address is the person's login address or one of their verified addresses."""
    from allauth.account.models import EmailAddress

    if user.email.lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def account_exists(*, email: str) -> bool:
    from .models import User

    return User.objects.filter(email__iexact=email).exists()


def invitation_for_secret(*, secret: str) -> Invitation | None:
    """The invitation of a link, whatever its state; None for an unknown secret."""
    if not secret or len(secret) > 128:
        return None
    return Invitation.find_by_secret(secret)


# --- dashboard ---------------------------------------------------------------------------------


@dataclass
class MunicipalityCard:
    municipality: Municipality
    roles: list[str]
    is_cdo: bool


@dataclass
class Dashboard:
    """What "Mein Bereich" shows one person."""

    memberships: list[Membership]
    municipalities: list[MunicipalityCard]
    networks: list[Network]
    regions: list[Region]
    has_totp: bool
    recovery_codes_left: int | None
    token_count: int

    @property
    def has_roles(self) -> bool:
        return bool(self.memberships)


def dashboard_for(*, user: User) -> Dashboard:
    """The person's roles with their scopes, key data of their municipalities and networks,
    and the state of their security settings. At most six queries, whatever the numbers."""
    from allauth.mfa.models import Authenticator

    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("region", "network", "municipality__district")
        .prefetch_related(
            Prefetch(
                "municipality__networks",
                queryset=Network.objects.order_by("name"),
            )
        )
        .order_by("role", "pk")
    )
    cards: dict[int, MunicipalityCard] = {}
    network_ids: list[int] = []
    regions: list[Region] = []
    for membership in memberships:
        if membership.municipality_id:
            card = cards.setdefault(
                membership.municipality_id,
                MunicipalityCard(municipality=membership.municipality, roles=[], is_cdo=False),
            )
            card.roles.append(membership.get_role_display())
            card.is_cdo = card.is_cdo or membership.role == Role.CDO
        elif membership.network_id:
            network_ids.append(membership.network_id)
        elif membership.region_id:
            regions.append(membership.region)
    networks = []
    if network_ids:
        networks = list(
            Network.objects.filter(pk__in=network_ids)
            .annotate(
                member_count=Count(
                    "municipalities", filter=Q(municipalities__deleted_at__isnull=True)
                )
            )
            .order_by("name")
        )
    authenticators = {a.type: a for a in Authenticator.objects.filter(user=user)}
    recovery = authenticators.get(Authenticator.Type.RECOVERY_CODES)
    recovery_left = len(recovery.wrap().get_unused_codes()) if recovery is not None else None
    return Dashboard(
        memberships=memberships,
        municipalities=sorted(cards.values(), key=lambda card: card.municipality.name),
        networks=networks,
        regions=sorted(regions, key=lambda region: region.name),
        has_totp=Authenticator.Type.TOTP in authenticators,
        recovery_codes_left=recovery_left,
        token_count=ApiToken.objects.filter(user=user).count(),
    )


# --- API tokens --------------------------------------------------------------------------------


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """The person's own tokens that are not revoked, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def api_token_get(*, user: User, uuid) -> ApiToken:
    """One of the person's own tokens; anyone else's is a 404, not a hint that it exists."""
    token = ApiToken.objects.filter(user=user, uuid=uuid).first()
    if token is None:
        raise Http404
    return token


# --- audit log ---------------------------------------------------------------------------------


def audit_events(*, person: str = "", verb: str = "") -> QuerySet[AuditEvent]:
    """The audit log, newest first, optionally narrowed to a person (e-mail) and an action."""
    events = AuditEvent.objects.order_by("-created_at", "-id")
    if person:
        events = events.filter(actor_label__icontains=person.strip())
    if verb:
        events = events.filter(verb=verb)
    return events.only(
        "created_at", "actor_label", "verb", "target_label", "municipality_ags", "data"
    )


def audit_verbs() -> list[str]:
    """The actions that occur in the log, for the filter."""
    return list(AuditEvent.objects.order_by("verb").values_list("verb", flat=True).distinct())
