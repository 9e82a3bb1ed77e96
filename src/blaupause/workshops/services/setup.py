"""Writes that set a workshop up: create, change settings, invite and remove participants,
and redeem an external one-time invitation link."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.accounts.constants import Role
from blaupause.accounts.models import Membership
from blaupause.core.audit import audit_record
from blaupause.core.concurrency import save_versioned
from blaupause.core.hashing import hash_secret
from blaupause.core.signals import activity

from ..constants import EXTERNAL_INVITATION_VALID_DAYS, MAX_DOTS, MIN_DOTS, Focus, Step
from ..models import Participant, Workshop
from .board import bump_revision, is_facilitator

__all__ = [
    "InvitationInvalid",
    "invitable_memberships",
    "network_municipality_ids",
    "participant_invite_external",
    "participant_join_external",
    "participant_remove",
    "participants_invite_accounts",
    "workshop_create",
    "workshop_update",
]

ADD_DENIED = gettext_lazy(
    "Workshops legen nur die an, die diese Strategie bearbeiten dürfen: die Koordination des "
    "Netzwerks und die Regionaladministration."
)
MANAGE_DENIED = gettext_lazy("Das darf nur die Moderation des Workshops.")
_FIELDS = (
    "title",
    "question",
    "focus",
    "dots_per_person",
    "scheduled_at",
    "event",
    "allow_anonymous",
)


class InvitationInvalid(Exception):
    """A one-time invitation link that cannot be used; `reason` says why (for the page)."""

    def __init__(self, reason: str, participant: Participant | None = None):
        super().__init__(reason)
        self.reason = reason  # "unknown", "used", "expired", "removed"
        self.participant = participant


def network_municipality_ids(strategy) -> list[int]:
    """The municipalities whose people may be invited: the network's members, or the one
    municipality of a municipal strategy."""
    if strategy.network_id:
        return list(strategy.network.municipalities.values_list("pk", flat=True))
    return [strategy.municipality_id] if strategy.municipality_id else []


def invitable_memberships(strategy):
    """Roles in the strategy's municipalities (CDOs and contributors) with person and place."""
    return (
        Membership.objects.filter(
            municipality_id__in=network_municipality_ids(strategy),
            role__in=[Role.CDO, Role.CONTRIBUTOR],
            user__is_active=True,
        )
        .select_related("user", "municipality")
        .order_by("municipality__name", "user__name", "user__email")
    )


def _validate(values: dict) -> dict:
    errors: dict[str, str] = {}
    values["title"] = (values.get("title") or "").strip()
    values["question"] = (values.get("question") or "").strip()
    if not values["title"]:
        errors["title"] = _("Bitte geben Sie dem Workshop einen Titel.")
    elif len(values["title"]) > 200:
        errors["title"] = _("Höchstens %(limit)s Zeichen.") % {"limit": 200}
    if not values["question"]:
        errors["question"] = _("Bitte formulieren Sie die Leitfrage.")
    elif len(values["question"]) > 1000:
        errors["question"] = _("Höchstens %(limit)s Zeichen.") % {"limit": 1000}
    if values.get("focus") not in Focus.values:
        errors["focus"] = _("Bitte wählen Sie eine der angebotenen Arbeitsphasen.")
    dots = values.get("dots_per_person")
    if not isinstance(dots, int) or not MIN_DOTS <= dots <= MAX_DOTS:
        errors["dots_per_person"] = _("Bitte eine Zahl von %(min)s bis %(max)s.") % {
            "min": MIN_DOTS,
            "max": MAX_DOTS,
        }
    scheduled = values.get("scheduled_at")
    if scheduled is not None and not isinstance(scheduled, datetime.datetime):
        errors["scheduled_at"] = _("Bitte geben Sie einen gültigen Termin ein.")
    if errors:
        raise ValidationError(errors)
    values["allow_anonymous"] = bool(values.get("allow_anonymous"))
    return values


def _announce(workshop: Workshop, *, actor, verb: str, summary: str) -> None:
    url = workshop.get_absolute_url()
    transaction.on_commit(
        lambda: activity.send(
            sender=Workshop,
            target=workshop,
            verb=verb,
            actor=actor,
            summary=summary,
            url=url,
            private=True,
        )
    )


@transaction.atomic
def workshop_create(
    *,
    actor,
    strategy,
    title: str,
    question: str,
    focus: str = Focus.MEASURES,
    dots_per_person: int = 3,
    scheduled_at: datetime.datetime | None = None,
    event=None,
    allow_anonymous: bool = True,
) -> Workshop:
    """Create a workshop on a strategy; whoever may change the strategy. The creator
    facilitates and is the first participant."""
    if not actor.has_perm("workshops.add_workshop", strategy):
        raise PermissionDenied(ADD_DENIED)
    values = _validate(
        {
            "title": title,
            "question": question,
            "focus": focus,
            "dots_per_person": dots_per_person,
            "scheduled_at": scheduled_at,
            "event": event,
            "allow_anonymous": allow_anonymous,
        }
    )
    workshop = Workshop.objects.create(
        strategy=strategy, facilitator=actor, step=Step.PREPARATION, **values
    )
    Participant.objects.create(
        workshop=workshop,
        user=actor,
        display_name=actor.get_full_name(),
        invited_by=actor,
        joined_at=timezone.now(),
    )
    audit_record(actor=actor, verb="workshop.created", target=workshop)
    _announce(
        workshop,
        actor=actor,
        verb="workshop.created",
        summary=_("Neuer Workshop „%(title)s“ zur Strategie %(strategy)s.")
        % {"title": workshop.title, "strategy": strategy.title},
    )
    return workshop


@transaction.atomic
def workshop_update(*, actor, workshop: Workshop, expected_version: int, **changes) -> Workshop:
    """Change title, question, focus, dots, date and event; the facilitator only.

    Raises `EditConflict` when someone saved the settings in between.
    """
    if not is_facilitator(actor, workshop):
        raise PermissionDenied(MANAGE_DENIED)
    values = _validate({name: changes.get(name, getattr(workshop, name)) for name in _FIELDS})
    for name, value in values.items():
        setattr(workshop, name, value)
    save_versioned(workshop, expected_version=expected_version)
    bump_revision(workshop)
    audit_record(actor=actor, verb="workshop.updated", target=workshop)
    return workshop


# --- participants ------------------------------------------------------------------------------


@transaction.atomic
def participants_invite_accounts(
    *, actor, workshop: Workshop, users: Iterable = (), municipalities: Iterable = ()
) -> list[Participant]:
    """Add accounts with a role in the strategy's municipalities, one by one or a whole
    municipality at a time; the facilitator only. Removed people are added again."""
    if not is_facilitator(actor, workshop):
        raise PermissionDenied(MANAGE_DENIED)
    user_ids = {user.pk for user in users}
    municipality_ids = {municipality.pk for municipality in municipalities}
    allowed = invitable_memberships(workshop.strategy)
    rows = [
        membership
        for membership in allowed
        if membership.user_id in user_ids or membership.municipality_id in municipality_ids
    ]
    unknown = user_ids - {membership.user_id for membership in allowed}
    if unknown:
        raise ValidationError(
            {"users": _("Eingeladen werden können nur Personen aus den Kommunen der Strategie.")}
        )
    existing = {p.user_id: p for p in workshop.participants.filter(user__isnull=False)}
    now = timezone.now()
    added: list[Participant] = []
    seen: set[int] = set()
    for membership in rows:
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        participant = existing.get(membership.user_id)
        if participant is not None:
            if participant.removed_at is None:
                continue
            participant.removed_at = None
            participant.invited_by = actor
            participant.invited_at = now
            participant.save(update_fields=["removed_at", "invited_by", "invited_at"])
        else:
            participant = Participant.objects.create(
                workshop=workshop,
                user=membership.user,
                display_name=membership.user.get_full_name(),
                municipality=membership.municipality,
                invited_by=actor,
                invited_at=now,
            )
        added.append(participant)
    if added:
        bump_revision(workshop)
        audit_record(
            actor=actor,
            verb="workshop.participants_invited",
            target=workshop,
            data={"participants": [p.display_name for p in added]},
        )
    return added


@transaction.atomic
def participant_invite_external(
    *, actor, workshop: Workshop, display_name: str
) -> tuple[Participant, str]:
    """Invite a person without an account; returns the participant and the link secret.

    Only a hash of the secret is stored: the link can be shown exactly once. It is valid for
    14 days and can be used once.
    """
    if not is_facilitator(actor, workshop):
        raise PermissionDenied(MANAGE_DENIED)
    display_name = (display_name or "").strip()
    if not display_name:
        raise ValidationError({"display_name": _("Bitte geben Sie einen Anzeigenamen an.")})
    if len(display_name) > 100:
        raise ValidationError({"display_name": _("Höchstens %(limit)s Zeichen.") % {"limit": 100}})
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    participant = Participant.objects.create(
        workshop=workshop,
        display_name=display_name,
        invitation_hash=hash_secret(secret),
        invitation_expires_at=now + datetime.timedelta(days=EXTERNAL_INVITATION_VALID_DAYS),
        invited_by=actor,
        invited_at=now,
    )
    audit_record(
        actor=actor,
        verb="workshop.external_invited",
        target=workshop,
        data={"participant": str(participant.uuid), "display_name": display_name},
    )
    return participant, secret


@transaction.atomic
def participant_join_external(*, secret: str) -> Participant:
    """Redeem a one-time invitation link: the first use joins, every later use is refused.

    Raises `InvitationInvalid` with the reason ("unknown", "used", "expired", "removed").
    """
    if not secret or len(secret) > 200:
        raise InvitationInvalid("unknown")
    participant = (
        Participant.objects.select_for_update()
        .filter(invitation_hash=hash_secret(secret), user__isnull=True)
        .select_related("workshop")
        .first()
    )
    if participant is None or participant.workshop.is_deleted:
        raise InvitationInvalid("unknown")
    if participant.removed_at is not None:
        raise InvitationInvalid("removed", participant)
    if participant.joined_at is not None:
        raise InvitationInvalid("used", participant)
    if participant.invitation_expires_at and participant.invitation_expires_at <= timezone.now():
        raise InvitationInvalid("expired", participant)
    participant.joined_at = timezone.now()
    participant.save(update_fields=["joined_at"])
    bump_revision(participant.workshop)
    audit_record(
        actor=None,
        verb="workshop.external_joined",
        target=participant.workshop,
        data={"participant": str(participant.uuid)},
    )
    return participant


@transaction.atomic
def participant_remove(*, actor, participant: Participant) -> Participant:
    """Take someone off the board; their cards stay. The facilitator only."""
    workshop = participant.workshop
    if not is_facilitator(actor, workshop):
        raise PermissionDenied(MANAGE_DENIED)
    if participant.user_id and is_facilitator(participant.user, workshop):
        raise ValidationError(
            _("Personen, die den Workshop moderieren dürfen, können nicht entfernt werden.")
        )
    if participant.removed_at is None:
        participant.removed_at = timezone.now()
        participant.save(update_fields=["removed_at"])
        bump_revision(workshop)
        audit_record(
            actor=actor,
            verb="workshop.participant_removed",
            target=workshop,
            data={"participant": str(participant.uuid), "display_name": participant.display_name},
        )
    return participant
