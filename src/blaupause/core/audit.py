"""Append-only audit log: every service that writes calls `audit_record`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .middleware import get_current_request
from .models import AuditEvent

if TYPE_CHECKING:
    from django.http import HttpRequest


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor,
    verb: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    municipality_ags: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Write one audit line. `verb` is a dotted name such as ``municipality.updated``."""
    request = request or get_current_request()
    actor = actor if getattr(actor, "is_authenticated", False) else None
    if not municipality_ags and target is not None:
        municipality_ags = getattr(target, "audit_municipality_ags", "") or ""
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=(actor.email if actor else "") or "",
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        municipality_ags=municipality_ags,
        data=data or {},
        ip_address=_client_ip(request),
        request_id=getattr(request, "request_id", "") if request is not None else "",
    )
