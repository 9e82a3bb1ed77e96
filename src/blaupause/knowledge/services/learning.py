"""Writes of learning offers: create and change an offer, record how many people of a
municipality completed one.

Every service checks the permission (`rules/learning.py`), validates completely before it
writes (German messages per field), records an audit event and keeps history.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.core.audit import audit_record
from blaupause.core.concurrency import save_versioned

from ..constants import OfferKind, OfferRole
from ..models import LearningOffer, LearningParticipation

__all__ = [
    "MAX_PARTICIPANTS",
    "OFFER_DENIED",
    "PARTICIPATION_DENIED",
    "learning_offer_create",
    "learning_offer_update",
    "learning_participation_record",
]

OFFER_DENIED = gettext_lazy(
    "Lernangebote pflegen nur die Regionaladministration und die Koordination der Netzwerke "
    "der Region."
)
PARTICIPATION_DENIED = gettext_lazy(
    "Teilnahmen erfassen nur die Digitalverantwortlichen der Kommune und die "
    "Regionaladministration."
)
#: More people than this in one record is a typing error, not a course.
MAX_PARTICIPANTS = 10_000
MAX_DESCRIPTION = 20_000
MAX_DURATION = Decimal("1000")

OFFER_FIELDS = (
    "title",
    "slug",
    "kind",
    "description",
    "provider",
    "external_url",
    "is_external",
    "duration_hours",
    "roles",
    "is_published",
)


def _unique_slug(base: str, *, exclude_pk: int | None = None) -> str:
    base = (slugify(base) or "angebot")[:100]
    candidate, number = base, 2
    taken = LearningOffer.all_objects.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def _validate(values: dict[str, Any], *, offer: LearningOffer | None = None) -> dict[str, Any]:
    """Check and normalise the fields of an offer; one ValidationError with every problem."""
    errors: dict[str, str] = {}
    for name in ("title", "slug", "description", "provider", "external_url"):
        values[name] = (values.get(name) or "").strip()
    if not values["title"]:
        errors["title"] = _("Bitte geben Sie einen Titel ein.")
    elif len(values["title"]) > 250:
        errors["title"] = _("Höchstens %(limit)s Zeichen.") % {"limit": 250}
    if len(values["provider"]) > 200:
        errors["provider"] = _("Höchstens %(limit)s Zeichen.") % {"limit": 200}
    if len(values["description"]) > MAX_DESCRIPTION:
        errors["description"] = _("Höchstens %(limit)s Zeichen.") % {"limit": MAX_DESCRIPTION}
    if values.get("kind") not in OfferKind.values:
        errors["kind"] = _("Bitte wählen Sie eine der angebotenen Arten.")
    roles = list(values.get("roles") or [])
    if any(role not in OfferRole.values for role in roles):
        errors["roles"] = _("Bitte wählen Sie nur angebotene Zielgruppen.")
    values["roles"] = [role for role in OfferRole.values if role in roles]
    slug = values["slug"]
    if slug:
        if slugify(slug) != slug or len(slug) > 120:
            errors["slug"] = _(
                "Bitte nur Kleinbuchstaben, Ziffern und Bindestriche, höchstens 120 Zeichen."
            )
        elif (
            LearningOffer.all_objects.filter(slug=slug)
            .exclude(pk=offer.pk if offer else None)
            .exists()
        ):
            errors["slug"] = _("Diesen Kurznamen hat schon ein anderes Angebot.")
    url = values["external_url"]
    if url:
        if len(url) > 500:
            errors["external_url"] = _("Höchstens %(limit)s Zeichen.") % {"limit": 500}
        else:
            try:
                URLValidator(schemes=["https", "http"])(url)
            except ValidationError:
                errors["external_url"] = _(
                    "Bitte geben Sie eine vollständige Adresse ein, die mit https:// beginnt."
                )
    values["is_external"] = bool(values.get("is_external"))
    if values["is_external"] and not url and "external_url" not in errors:
        errors["external_url"] = _("Ein externes Angebot braucht einen Link zum Angebot.")
    duration = values.get("duration_hours")
    if duration in ("", None):
        values["duration_hours"] = None
    else:
        try:
            duration = Decimal(str(duration))
        except InvalidOperation:
            errors["duration_hours"] = _("Bitte geben Sie eine Zahl ein, z. B. 1,5.")
        else:
            if duration <= 0 or duration > MAX_DURATION:
                errors["duration_hours"] = _(
                    "Bitte geben Sie eine Dauer zwischen 0,1 und 1000 Stunden an."
                )
            values["duration_hours"] = duration.quantize(Decimal("0.1"))
    values["is_published"] = bool(values.get("is_published"))
    if errors:
        raise ValidationError(errors)
    return values


def _audit_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (str(value) if isinstance(value, Decimal) else value)
        for key, value in values.items()
        if key != "description"
    }


@transaction.atomic
def learning_offer_create(
    *, actor, region, criteria: Iterable = (), **values: Any
) -> LearningOffer:
    """Create a learning offer of a region; regional admins and network coordination there."""
    if not actor.has_perm("knowledge.add_learningoffer", region):
        raise PermissionDenied(OFFER_DENIED)
    values = _validate({name: values.get(name) for name in OFFER_FIELDS})
    if not values["slug"]:
        values["slug"] = _unique_slug(values["title"])
    offer = LearningOffer(region=region, **values)
    offer._history_user = actor
    offer.save()
    offer.criteria.set(list(criteria))
    audit_record(
        actor=actor, verb="learning_offer.created", target=offer, data=_audit_values(values)
    )
    return offer


@transaction.atomic
def learning_offer_update(
    *,
    actor,
    offer: LearningOffer,
    expected_version: int,
    criteria: Iterable | None = None,
    **values: Any,
) -> LearningOffer:
    """Change an offer; a concurrent change raises `EditConflict`, nothing is overwritten."""
    if not actor.has_perm("knowledge.change_learningoffer", offer):
        raise PermissionDenied(OFFER_DENIED)
    values = _validate({name: values.get(name) for name in OFFER_FIELDS}, offer=offer)
    if not values["slug"]:
        values["slug"] = offer.slug
    changed = {name: value for name, value in values.items() if getattr(offer, name) != value}
    for name, value in values.items():
        setattr(offer, name, value)
    offer._history_user = actor
    save_versioned(offer, expected_version=expected_version)
    if criteria is not None:
        offer.criteria.set(list(criteria))
    audit_record(
        actor=actor, verb="learning_offer.updated", target=offer, data=_audit_values(changed)
    )
    return offer


def _validate_participation(
    *, offer: LearningOffer | None, participants: Any, completed_on: Any
) -> tuple[int, datetime.date]:
    errors: dict[str, str] = {}
    if offer is None or not offer.is_published or offer.deleted_at is not None:
        errors["offer"] = _("Bitte wählen Sie ein veröffentlichtes Lernangebot.")
    count = None
    try:
        count = int(participants)
    except (TypeError, ValueError):
        errors["participants"] = _("Bitte geben Sie die Zahl der Teilnehmenden als ganze Zahl ein.")
    else:
        if count < 1:
            errors["participants"] = _(
                "Bitte geben Sie mindestens eine teilnehmende Person an; negative Zahlen oder "
                "null sind nicht möglich."
            )
        elif count > MAX_PARTICIPANTS:
            errors["participants"] = _(
                "Höchstens %(limit)s Teilnehmende je Eintrag. Bitte prüfen Sie die Zahl."
            ) % {"limit": f"{MAX_PARTICIPANTS:,}".replace(",", ".")}
    if not isinstance(completed_on, datetime.date) or isinstance(completed_on, datetime.datetime):
        errors["completed_on"] = _("Bitte geben Sie ein Datum ein, z. B. 15.03.2026.")
    elif completed_on > timezone.localdate():
        errors["completed_on"] = _(
            "Das Datum liegt in der Zukunft. Erfassen Sie Teilnahmen erst nach dem Abschluss."
        )
    elif completed_on.year < 2000:
        errors["completed_on"] = _("Bitte geben Sie ein Datum ab dem Jahr 2000 ein.")
    if errors:
        raise ValidationError(errors)
    return count, completed_on


@transaction.atomic
def learning_participation_record(
    *,
    actor,
    offer: LearningOffer | None,
    municipality,
    participants: Any,
    completed_on: Any,
) -> LearningParticipation:
    """Record how many people of a municipality completed an offer (counts, no names); the
    municipality's CDOs and its regional admins only."""
    if municipality is None or not actor.has_perm("knowledge.record_participation", municipality):
        raise PermissionDenied(PARTICIPATION_DENIED)
    count, day = _validate_participation(
        offer=offer, participants=participants, completed_on=completed_on
    )
    participation = LearningParticipation.objects.create(
        offer=offer,
        municipality=municipality,
        participants=count,
        completed_on=day,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        verb="learning_participation.recorded",
        target=offer,
        municipality_ags=municipality.ags,
        data={"participants": count, "completed_on": day.isoformat()},
    )
    return participation
