"""Demo accounts for `blaupause demo`: one per role, all with the same documented password.

`load_demo_accounts()` runs after the region's demo data exists. It only ever adds what is
missing: a second run changes nothing (no new rows, no re-hashed passwords, no new
authenticator).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from blaupause.core.audit import audit_record
from blaupause.regions.models import Municipality, Network, Region

from .constants import Role
from .models import Membership, User
from .services import membership_grant

DEMO_PASSWORD = "Blaupause-Demo-2026"  # noqa: S105 - documented demo password, demo data only

REGION_SLUG = "owl"
LIPPE_NETWORK_SLUG = "lippe"
HOEXTER_NETWORK_SLUG = "kreis-hoexter"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: Role
    scope_model: type
    scope_lookup: dict
    totp: bool = False


DEMO_ACCOUNTS = (
    DemoAccount(
        "admin@digitalbuero-owl.example",
        "Regionaladmin DigitalBüro OWL",
        Role.REGIONAL_ADMIN,
        Region,
        {"slug": REGION_SLUG},
        totp=True,
    ),
    DemoAccount(
        "koordination@kreis-lippe.example",
        "Koordination Kreis Lippe",
        Role.NETWORK_COORDINATOR,
        Network,
        {"slug": LIPPE_NETWORK_SLUG},
    ),
    DemoAccount(
        "koordination@kreis-hoexter.example",
        "Koordination Kreis Höxter",
        Role.NETWORK_COORDINATOR,
        Network,
        {"slug": HOEXTER_NETWORK_SLUG},
    ),
    DemoAccount(
        "cdo@detmold.example",
        "CDO Detmold",
        Role.CDO,
        Municipality,
        {"ags": "05766020"},
    ),
    DemoAccount(
        "cdo@lemgo.example",
        "CDO Lemgo",
        Role.CDO,
        Municipality,
        {"ags": "05766044"},
    ),
    DemoAccount(
        "cdo@hoexter.example",
        "CDO Höxter",
        Role.CDO,
        Municipality,
        {"ags": "05762020"},
    ),
    DemoAccount(
        "mitwirkende@detmold.example",
        "Mitwirkende Detmold",
        Role.CONTRIBUTOR,
        Municipality,
        {"ags": "05766020"},
    ),
)


def _user(account: DemoAccount) -> User:
    user = User.objects.filter(email=account.email).first()
    if user is None:
        user = User(email=account.email, name=account.name, is_demo=True)
        user.set_password(DEMO_PASSWORD)
        user.save()
        audit_record(actor=None, verb="account.created", target=user, data={"via": "demo"})
    if not EmailAddress.objects.filter(user=user, email__iexact=account.email).exists():
        EmailAddress.objects.create(user=user, email=account.email, primary=True, verified=True)
    return user


def _totp(user: User) -> None:
    """An authenticator app and recovery codes, as allauth's own set-up creates them."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)  # returns the existing codes when there are some


@transaction.atomic
def load_demo_accounts() -> list[dict]:
    """Create the demo accounts and their roles where missing; return them for printing.

    Each entry has ``email``, ``role`` (label) and ``scope`` (name). A role whose scope does
    not exist (no region data loaded) is left out and its scope reads "–".
    """
    rows = []
    for account in DEMO_ACCOUNTS:
        user = _user(account)
        if account.totp:
            _totp(user)
        scope = account.scope_model.objects.filter(**account.scope_lookup).first()
        if (
            scope is not None
            and not Membership.objects.filter(
                user=user, role=account.role, **{_scope_field(account): scope}
            ).exists()
        ):
            membership_grant(actor=None, user=user, role=account.role, scope=scope)
        rows.append(
            {
                "email": account.email,
                "role": str(account.role.label),
                "scope": str(scope) if scope is not None else _("–"),
            }
        )
    return rows


def _scope_field(account: DemoAccount) -> str:
    return {Region: "region", Network: "network", Municipality: "municipality"}[account.scope_model]
