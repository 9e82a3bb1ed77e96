"""Writes of the expert finder: a person's consent to be listed, and its withdrawal."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blaupause.core.audit import audit_record

from ..models import ExpertListing

__all__ = ["expert_listing_update"]


@transaction.atomic
def expert_listing_update(
    *, actor, listed: bool, topics: str = "", contact_note: str = ""
) -> ExpertListing:
    """Set whether the actor appears in the expert finder, and with which topics; only for
    oneself. Agreeing records the consent time; withdrawing removes it (the entry is hidden at
    once). Raises PermissionDenied for anonymous users, ValidationError (German, per field)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    listing, _created = ExpertListing.objects.select_for_update().get_or_create(user=actor)
    if not actor.has_perm("knowledge.change_expertlisting", listing):
        raise PermissionDenied
    topics = " ".join((topics or "").split())
    contact_note = " ".join((contact_note or "").split())
    errors = {}
    if len(topics) > 500:
        errors["topics"] = _("Höchstens %(limit)s Zeichen.") % {"limit": 500}
    if len(contact_note) > 300:
        errors["contact_note"] = _("Höchstens %(limit)s Zeichen.") % {"limit": 300}
    if listed and not topics:
        errors["topics"] = _(
            "Bitte nennen Sie mindestens ein Thema, zu dem andere Sie ansprechen dürfen."
        )
    if errors:
        raise ValidationError(errors)
    was_listed = listing.listed
    listing.listed = bool(listed)
    listing.topics = topics
    listing.contact_note = contact_note
    if listed and not was_listed:
        listing.consented_at = timezone.now()
    if not listed:
        listing.consented_at = None
    listing.updated_at = timezone.now()
    listing.save()
    if listed != was_listed:
        audit_record(
            actor=actor,
            verb="expert_listing.consented" if listed else "expert_listing.withdrawn",
            target=listing,
        )
    return listing
