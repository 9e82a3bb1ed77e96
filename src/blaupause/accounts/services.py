"""Writes of the accounts app: invitations, roles (memberships), accounts, API tokens.

Every function checks the permission with rules, writes an audit event and runs in one
transaction. Who may do what is in `rules.py`; the rule for removing the last holder of a role
is in `membership_remove`.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from allauth.account.models import EmailAddress

from blaupause.core.audit import audit_record
from blaupause.core.middleware import get_current_request

from .constants import INVITATION_VALID_DAYS, ROLE_SCOPE, Role
from .models import ApiToken, Invitation, Membership, User
from .predicates import is_regional_admin_for
from .selectors import address_belongs_to, scope_kind_of, team_permission

if TYPE_CHECKING:
    from blaupause.regions.models import Municipality, Network, Region

__all__ = [
    "InvitationClosed",
    "InvitationForOtherAddress",
    "InvitationMailFailed",
    "api_token_create",
    "api_token_revoke",
    "invitation_accept",
    "invitation_accept_new_account",
    "invitation_create",
    "invitation_revoke",
    "membership_grant",
    "membership_remove",
]

logger = logging.getLogger(__name__)

#: Roles that a scope must not lose its last holder of by the hand of a peer (see
#: `membership_remove`).
_GUARDED_ROLES = (Role.REGIONAL_ADMIN, Role.NETWORK_COORDINATOR, Role.CDO)


class InvitationClosed(Exception):
    """The invitation was accepted, revoked or has expired."""

    def __init__(self, invitation: Invitation) -> None:
        super().__init__(invitation.status)
        self.invitation = invitation
        self.status = invitation.status


class InvitationForOtherAddress(Exception):
    """The person logged in is not the one the invitation was sent to."""


class InvitationMailFailed(Exception):
    """The invitation e-mail could not be handed to the mail server; nothing was saved."""


def _scope_label(scope) -> str:
    return str(scope)


def _absolute_url(path: str) -> str:
    request = get_current_request()
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.BLAUPAUSE_BASE_URL.rstrip('/')}{path}"


def _require(actor, permission: str, obj, message: str) -> None:
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied(message)


def _bump(instance, **changes) -> None:
    """Apply `changes`, raise the version and save only those fields."""
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.version += 1
    instance.save(update_fields=[*changes, "version", "updated_at"])


# --- memberships -------------------------------------------------------------------------------


def _grant(*, user: User, role: str, scope, created_by: User | None, actor) -> Membership:
    kind = scope_kind_of(scope)
    membership = Membership.all_objects.filter(user=user, role=role, **{kind: scope}).first()
    if membership is not None and membership.deleted_at is None:
        return membership  # already holds the role: nothing to do
    if membership is not None:  # removed before: restore the row (keeps its history)
        _bump(membership, deleted_at=None, created_by=created_by)
    else:
        membership = Membership.objects.create(
            user=user, role=role, created_by=created_by, **{kind: scope}
        )
    audit_record(
        actor=actor,
        verb="membership.created",
        target=membership,
        data={"person": user.email, "role": role, "scope": _scope_label(scope)},
    )
    user.forget_roles()
    return membership


@transaction.atomic
def membership_grant(*, actor, user: User, role: str, scope) -> Membership:
    """Give `user` a role for `scope` directly; those who may manage that team only.

    The normal way is an invitation. ``actor=None`` means the system itself (the demo data
    and command-line tools), never a web request.
    """
    role = Role(role)
    kind = scope_kind_of(scope)
    if ROLE_SCOPE[role] != kind:
        raise ValidationError(_("Die Rolle passt nicht zum gewählten Bereich."))
    if actor is not None:
        _require(
            actor,
            team_permission(scope),
            scope,
            _("Sie dürfen für %(scope)s keine Rollen vergeben.") % {"scope": scope},
        )
    return _grant(user=user, role=role, scope=scope, created_by=actor, actor=actor)


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> Membership:
    """Take a role away (soft delete, restorable); those who may manage that team only.

    The last regional admin of a region can never be removed: nobody would be left to manage
    the region. The last CDO of a municipality (and the last coordinator of a network) can be
    removed only by a regional admin, e.g. when the person has left: a CDO cannot leave their
    municipality without anyone to manage its team, and the regional office can always invite
    a successor.
    """
    scope = membership.scope
    kind = scope_kind_of(scope)
    _require(
        actor,
        team_permission(scope),
        scope,
        _("Sie dürfen das Team von %(scope)s nicht verwalten.") % {"scope": scope},
    )
    if membership.deleted_at is not None:
        raise ValidationError(_("Diese Rolle wurde bereits entzogen."))
    if membership.role in _GUARDED_ROLES:
        # Lock the other holders, so that two people cannot remove each other at once.
        others = list(
            Membership.objects.select_for_update()
            .filter(role=membership.role, **{kind: scope})
            .exclude(pk=membership.pk)
            .values_list("pk", flat=True)
        )
        if not others:
            if membership.role == Role.REGIONAL_ADMIN:
                raise ValidationError(
                    _(
                        "Die letzte Person mit der Rolle Regionaladmin kann nicht entfernt "
                        "werden. Laden Sie zuerst eine weitere Person ein."
                    )
                )
            if not is_regional_admin_for(actor, scope):
                raise ValidationError(
                    _(
                        "%(person)s ist die einzige Person mit der Rolle „%(role)s“ für "
                        "%(scope)s. Laden Sie zuerst eine weitere Person mit dieser Rolle ein."
                    )
                    % {
                        "person": membership.user,
                        "role": membership.get_role_display(),
                        "scope": scope,
                    }
                )
    _bump(membership, deleted_at=timezone.now())
    audit_record(
        actor=actor,
        verb="membership.removed",
        target=membership,
        data={
            "person": membership.user.email,
            "role": membership.role,
            "scope": _scope_label(scope),
        },
    )
    membership.user.forget_roles()
    return membership


# --- invitations -------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *,
    actor,
    email: str,
    role: str,
    municipality: Municipality | None = None,
    network: Network | None = None,
    region: Region | None = None,
) -> Invitation:
    """Invite someone by e-mail to take a role for one scope and send the link.

    Regional admins invite any role in their region, coordinators co-coordinators of their
    network, CDOs further CDOs and contributors of their municipality (see `rules.py`).
    A new invitation for the same address, role and scope replaces an open older one.
    The secret of the link is set as ``invitation.secret`` on the returned object only.
    """
    given = {
        kind: scope
        for kind, scope in (
            ("municipality", municipality),
            ("network", network),
            ("region", region),
        )
        if scope is not None
    }
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError({"role": _("Bitte wählen Sie eine gültige Rolle.")}) from None
    if len(given) != 1 or ROLE_SCOPE[role] not in given:
        raise ValidationError({"role": _("Die Rolle passt nicht zum gewählten Bereich.")})
    kind, scope = next(iter(given.items()))
    _require(
        actor,
        team_permission(scope),
        scope,
        _("Sie dürfen für %(scope)s niemanden einladen.") % {"scope": scope},
    )
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("Bitte geben Sie eine gültige E-Mail-Adresse ein.")}
        ) from None
    if Membership.objects.filter(user__email__iexact=email, role=role, **{kind: scope}).exists():
        raise ValidationError(
            {"email": _("Diese Person hat diese Rolle für %(scope)s bereits.") % {"scope": scope}}
        )
    now = timezone.now()
    replaced = Invitation.objects.filter(
        email__iexact=email, role=role, accepted_at__isnull=True, **{kind: scope}
    )
    replaced_ids = [str(uuid) for uuid in replaced.values_list("uuid", flat=True)]
    replaced.update(deleted_at=now, updated_at=now, version=F("version") + 1)
    secret, token_hash = Invitation.new_secret()
    invitation = Invitation.objects.create(
        email=email,
        role=role,
        token_hash=token_hash,
        invited_by=actor,
        expires_at=now + timedelta(days=INVITATION_VALID_DAYS),
        **{kind: scope},
    )
    invitation.secret = secret
    audit_record(
        actor=actor,
        verb="invitation.created",
        target=invitation,
        data={
            "email": email,
            "role": role,
            "scope": _scope_label(scope),
            "replaces": replaced_ids,
        },
    )
    _send_invitation_mail(invitation=invitation, secret=secret, inviter=actor)
    return invitation


def _send_invitation_mail(*, invitation: Invitation, secret: str, inviter) -> None:
    """Plain text and HTML, in the site's language (German), to the invited address."""
    url = _absolute_url(reverse("accounts:invitation_accept", kwargs={"secret": secret}))
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "inviter": inviter,
            "role": invitation.get_role_display(),
            "scope": invitation.scope,
            "url": url,
            "site_name": settings.BLAUPAUSE_SITE_NAME,
            "operator": settings.BLAUPAUSE_OPERATOR,
            "valid_days": INVITATION_VALID_DAYS,
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
        text = render_to_string("accounts/email/invitation_message.txt", context)
        html = render_to_string("accounts/email/invitation_message.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except OSError as exc:  # smtplib errors are OSErrors
        logger.warning("invitation mail to %s failed: %s", invitation.email, exc)
        raise InvitationMailFailed(str(exc)) from exc


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    """Withdraw an invitation that was not accepted yet; those who may manage that team."""
    scope = invitation.scope
    _require(
        actor,
        team_permission(scope),
        scope,
        _("Sie dürfen das Team von %(scope)s nicht verwalten.") % {"scope": scope},
    )
    if invitation.status in ("accepted", "revoked"):
        raise ValidationError(_("Diese Einladung ist nicht mehr offen."))
    _bump(invitation, deleted_at=timezone.now())
    audit_record(
        actor=actor,
        verb="invitation.revoked",
        target=invitation,
        data={"email": invitation.email, "role": invitation.role, "scope": _scope_label(scope)},
    )
    return invitation


def _lock_open(invitation: Invitation) -> Invitation:
    locked = (
        Invitation.all_objects.select_for_update(of=("self",))
        .select_related("region", "network", "municipality", "invited_by")
        .get(pk=invitation.pk)
    )
    if locked.status != "open":
        raise InvitationClosed(locked)
    return locked


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Take the invited role; only the person the invitation was sent to, only once."""
    invitation = _lock_open(invitation)
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    if not address_belongs_to(user=user, email=invitation.email):
        raise InvitationForOtherAddress(invitation.email)
    membership = _grant(
        user=user,
        role=invitation.role,
        scope=invitation.scope,
        created_by=invitation.invited_by,
        actor=user,
    )
    _bump(invitation, accepted_at=timezone.now(), accepted_by=user)
    audit_record(
        actor=user,
        verb="invitation.accepted",
        target=invitation,
        data={"role": invitation.role, "scope": _scope_label(invitation.scope)},
    )
    return membership


@transaction.atomic
def invitation_accept_new_account(*, invitation: Invitation, name: str, password: str) -> User:
    """Create the account for an invited address that has none yet, then take the role.

    The e-mail address counts as verified: the link proves that the person can read it.
    """
    invitation = _lock_open(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _("Für diese E-Mail-Adresse gibt es schon ein Konto. Bitte melden Sie sich an.")
        )
    user = User(email=invitation.email, name=name.strip())
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    audit_record(actor=user, verb="account.created", target=user, data={"via": "invitation"})
    invitation_accept(invitation=invitation, user=user)
    return user


# --- API tokens --------------------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, actor, name: str, owner: User | None = None) -> tuple[ApiToken, str]:
    """Create a personal API token and return it with its key (shown once, stored hashed).

    People create their own tokens. ``actor=None`` means the command line (`createtoken`),
    which only operators with access to the server can run.
    """
    owner = owner or actor
    if owner is None:
        raise ValueError("api_token_create needs an owner")
    if actor is not None and (actor.pk != owner.pk or not actor.has_perm("accounts.add_apitoken")):
        raise PermissionDenied(_("Sie können nur für sich selbst API-Tokens erstellen."))
    if not owner.is_active:
        raise ValidationError(_("Dieses Konto ist deaktiviert."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Bitte geben Sie eine Bezeichnung ein.")})
    if len(name) > 100:
        raise ValidationError({"name": _("Die Bezeichnung darf höchstens 100 Zeichen haben.")})
    key, prefix, key_hash = ApiToken.new_key()
    token = ApiToken.objects.create(user=owner, name=name, prefix=prefix, key_hash=key_hash)
    audit_record(
        actor=actor,
        verb="api_token.created",
        target=token,
        data={"owner": owner.email, "prefix": prefix, "via": "web" if actor else "cli"},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke one's own API token (soft delete: the key stops working at once)."""
    _require(
        actor,
        "accounts.revoke_apitoken",
        token,
        _("Sie können nur Ihre eigenen API-Tokens widerrufen."),
    )
    if token.deleted_at is not None:
        return token
    _bump(token, deleted_at=timezone.now())
    audit_record(
        actor=actor,
        verb="api_token.revoked",
        target=token,
        data={"owner": token.user.email, "prefix": token.prefix},
    )
    return token
