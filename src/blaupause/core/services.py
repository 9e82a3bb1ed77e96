"""Writes of the core app. Every service checks the permission and records an audit event."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .audit import audit_record
from .concurrency import save_versioned
from .models import LegalPage


@transaction.atomic
def legal_page_update(
    *, actor, page: LegalPage, title: str, body: str, expected_version: int
) -> LegalPage:
    """Change an Impressum/Datenschutz/Barrierefreiheit text; regional admins only."""
    if not actor.has_perm("core.change_legalpage", page):
        raise PermissionDenied
    page.title = title
    page.body = body
    save_versioned(page, expected_version=expected_version)
    audit_record(actor=actor, verb="legal_page.updated", target=page)
    return page
