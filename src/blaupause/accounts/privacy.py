"""Data protection: a person's data as one file (GDPR Art. 15/20) and erasure (Art. 17).

Export collects the account, roles, e-mail addresses, second factors (without secrets), API
tokens (without keys), invitations, the person's audit trail and, from every other table that
refers to the account, which rows do (e.g. history entries the person wrote).

Erasure removes what identifies the person and keeps what the network shares: the account row
stays as an anonymous placeholder ("gelöschtes Konto"), so history entries, decisions and
other shared content keep their author link without naming anyone. Roles, e-mail addresses,
second factors, tokens and sessions are deleted; the audit trail keeps the events but loses
the name, e-mail address and IP address. Every erasure is also written to a file in the data
folder (`erasures.jsonl`), outside the database, so that a restored older backup is erased
again (`reapply_erasures`, run after every restore).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from blaupause.core.audit import audit_record
from blaupause.core.models import AuditEvent

from .constants import Role
from .models import ApiToken, Invitation, Membership
from .predicates import is_regional_admin

ERASED_DOMAIN = "konto.invalid"
ERASED_LABEL = "gelöschtes Konto"


def erasure_log() -> Path:
    return Path(settings.DATA_DIR) / "erasures.jsonl"


def is_erased(user) -> bool:
    return user.email.endswith("@" + ERASED_DOMAIN)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


# --- export ------------------------------------------------------------------------------------


def _references(user) -> list[dict[str, Any]]:
    """Rows of other tables that point at the account, by table and field."""
    covered = {Membership, ApiToken, Invitation, AuditEvent, EmailAddress, Authenticator}
    found = []
    for model in apps.get_models():
        if model in covered or model is get_user_model():
            continue
        for field in model._meta.concrete_fields:
            if not (field.is_relation and field.related_model is get_user_model()):
                continue
            rows = model._base_manager.filter(**{field.attname: user.pk}).order_by("pk")
            count = rows.count()
            if not count:
                continue
            found.append(
                {
                    "table": model._meta.label,
                    "description": str(model._meta.verbose_name),
                    "field": field.name,
                    "count": count,
                    "entries": [str(row)[:200] for row in rows[:500]],
                }
            )
    return found


def personal_data(user) -> dict[str, Any]:
    """Everything Blaupause stores about `user`, as plain JSON data."""
    memberships = Membership.all_objects.filter(user=user).select_related(
        "region", "network", "municipality"
    )
    audit = AuditEvent.objects.filter(Q(actor=user)).order_by("created_at")
    return {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "name": user.name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_active": user.is_active,
            "is_demo": user.is_demo,
        },
        "email_addresses": [
            {"email": row.email, "verified": row.verified, "primary": row.primary}
            for row in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "second_factors": [
            {
                "type": row.type,
                "created_at": _iso(row.created_at),
                "last_used_at": _iso(row.last_used_at),
            }
            for row in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "roles": [
            {
                "role": row.role,
                "scope": str(row.region or row.network or row.municipality or ""),
                "granted_at": _iso(row.created_at),
                "removed_at": _iso(row.deleted_at),
            }
            for row in memberships
        ],
        "api_tokens": [
            {
                "name": row.name,
                "prefix": row.prefix,
                "created_at": _iso(row.created_at),
                "last_used_at": _iso(row.last_used_at),
                "expires_at": _iso(row.expires_at),
                "revoked_at": _iso(row.deleted_at),
            }
            for row in ApiToken.all_objects.filter(user=user).order_by("created_at")
        ],
        "invitations_sent": [
            {
                "email": row.email,
                "role": row.role,
                "created_at": _iso(row.created_at),
                "accepted_at": _iso(row.accepted_at),
            }
            for row in Invitation.all_objects.filter(invited_by=user).order_by("created_at")
        ],
        "invitations_received": [
            {
                "role": row.role,
                "created_at": _iso(row.created_at),
                "accepted_at": _iso(row.accepted_at),
            }
            for row in Invitation.all_objects.filter(
                Q(accepted_by=user) | Q(email__iexact=user.email)
            ).order_by("created_at")
        ],
        "audit_trail": [
            {
                "at": row.created_at.isoformat(),
                "action": row.verb,
                "object": row.target_label,
                "ip_address": row.ip_address,
            }
            for row in audit
        ],
        "referenced_by": _references(user),
    }


def export_json(user) -> bytes:
    return json.dumps(personal_data(user), ensure_ascii=False, indent=2).encode("utf-8")


def personal_data_export(*, actor, user) -> bytes:
    """The file for `user`, requested by the person or a regional admin; audited."""
    if actor.pk != user.pk and not is_regional_admin(actor):
        raise PermissionDenied
    data = export_json(user)
    audit_record(actor=actor, verb="privacy.exported", target=user)
    return data


# --- erasure -----------------------------------------------------------------------------------


def _fingerprint(email: str) -> str:
    """Identifies the erased address in the erasure log without storing it."""
    key = settings.SECRET_KEY.encode() if settings.SECRET_KEY else b"blaupause"
    return hashlib.blake2b(email.strip().lower().encode(), key=key[:64], digest_size=16).hexdigest()


def _check_erasable(user) -> None:
    if is_erased(user):
        raise ValidationError(_("Dieses Konto ist bereits gelöscht."))
    admin_regions = set(
        Membership.objects.filter(user=user, role=Role.REGIONAL_ADMIN).values_list(
            "region_id", flat=True
        )
    )
    for region_id in admin_regions:
        others = (
            Membership.objects.filter(role=Role.REGIONAL_ADMIN, region_id=region_id)
            .exclude(user=user)
            .filter(user__is_active=True)
        )
        if not others.exists():
            raise ValidationError(
                _(
                    "Dieses Konto ist die einzige Regionaladministration der Region. Benennen "
                    "Sie zuerst eine weitere Person, damit die Region verwaltet bleibt."
                )
            )


def _anonymise(user) -> None:
    """Remove what identifies `user`; keep the row as an anonymous author placeholder."""
    old_email = user.email
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    ApiToken.all_objects.filter(user=user).delete()
    Membership.all_objects.filter(user=user).delete()
    Invitation.all_objects.filter(Q(accepted_by=user) | Q(email__iexact=old_email)).update(
        email=f"geloescht-{user.pk}@{ERASED_DOMAIN}"
    )
    # The audit trail is append-only; erasure is the one change it allows: the events stay,
    # the person's name, address and IP address go.
    trail = models.QuerySet(model=AuditEvent)
    trail.filter(actor=user).update(actor_label=ERASED_LABEL, ip_address=None)
    trail.filter(target_type__model="user", target_id=str(user.pk)).update(
        target_label=ERASED_LABEL
    )
    user.email = f"geloescht-{user.pk}@{ERASED_DOMAIN}"
    user.name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()  # also ends every session: the session hash changes
    user.save()
    user.forget_roles()


def _log_erasure(user_pk: int, fingerprint: str) -> None:
    path = erasure_log()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(
        {"user": user_pk, "fingerprint": fingerprint, "erased_at": timezone.now().isoformat()}
    )
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


@transaction.atomic
def account_erase(*, actor, user, reason: str = "") -> None:
    """Erase `user` (Art. 17) at their own request or by a regional admin on request."""
    if actor.pk != user.pk and not is_regional_admin(actor):
        raise PermissionDenied
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    _check_erasable(user)
    fingerprint = _fingerprint(user.email)
    _anonymise(user)
    audit_record(
        actor=None if actor.pk == user.pk else actor,
        verb="privacy.erased",
        target=user,
        data={"by": "self" if actor.pk == user.pk else "admin", "reason": reason[:500]},
    )
    transaction.on_commit(lambda: _log_erasure(user.pk, fingerprint))


def reapply_erasures() -> int:
    """Erase again every account the erasure log names (after restoring an older backup)."""
    path = erasure_log()
    if not path.is_file():
        return 0
    user_model = get_user_model()
    count = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        user = user_model.objects.filter(pk=entry.get("user")).first()
        if user is None or is_erased(user) or _fingerprint(user.email) != entry.get("fingerprint"):
            continue
        with transaction.atomic():
            _anonymise(user)
        count += 1
    return count
