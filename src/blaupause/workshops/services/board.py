"""Writes on a workshop board: steps, idea cards and clusters.

Every service that changes what the board shows calls `bump_revision`, so that the polling
clients re-render their board region within seconds.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.core.audit import audit_record
from blaupause.core.signals import activity

from ..constants import MAX_CARD_LENGTH, STEP_ORDER, Step
from ..models import Card, Cluster, Participant, Workshop

__all__ = [
    "CARD_STEPS",
    "CLUSTER_STEPS",
    "bump_revision",
    "card_create",
    "card_delete",
    "card_move",
    "card_update",
    "cluster_create",
    "cluster_delete",
    "cluster_rename",
    "is_facilitator",
    "workshop_step_set",
]

#: Steps in which participants write, change and delete their own cards.
CARD_STEPS = (Step.COLLECT,)
#: Steps in which the facilitator groups cards and names clusters.
CLUSTER_STEPS = (Step.COLLECT, Step.CLUSTER)
MAX_CLUSTER_TITLE = 200

NOT_FACILITATOR = gettext_lazy("Das darf nur die Moderation des Workshops.")
NOT_PARTICIPANT = gettext_lazy("Sie nehmen an diesem Workshop nicht teil.")


def bump_revision(workshop: Workshop) -> int:
    """Mark the board as changed (atomic F() update); every board-changing service calls it."""
    Workshop.objects.filter(pk=workshop.pk).update(revision=F("revision") + 1)
    workshop.revision = (
        Workshop.all_objects.filter(pk=workshop.pk).values_list("revision", flat=True).get()
    )
    return workshop.revision


def is_facilitator(user, workshop: Workshop) -> bool:
    """Whoever may change the workshop's strategy facilitates the workshop."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(
        "workshops.manage_workshop", workshop
    )


def _require_facilitator(actor, workshop: Workshop) -> None:
    if not is_facilitator(actor, workshop):
        raise PermissionDenied(NOT_FACILITATOR)


def _require_participant(participant: Participant | None, workshop: Workshop) -> None:
    if (
        participant is None
        or participant.workshop_id != workshop.pk
        or participant.removed_at is not None
    ):
        raise PermissionDenied(NOT_PARTICIPANT)


def _clean_card_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Bitte schreiben Sie Ihre Idee auf die Karte.")})
    if len(text) > MAX_CARD_LENGTH:
        raise ValidationError(
            {
                "text": _(
                    "Eine Karte fasst höchstens %(limit)s Zeichen, Ihr Text hat %(length)s. "
                    "Bitte kürzen Sie ihn oder verteilen Sie ihn auf mehrere Karten."
                )
                % {"limit": MAX_CARD_LENGTH, "length": len(text)}
            }
        )
    return text


def _clean_cluster_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Bitte geben Sie der Gruppe einen Namen.")})
    if len(title) > MAX_CLUSTER_TITLE:
        raise ValidationError(
            {"title": _("Höchstens %(limit)s Zeichen.") % {"limit": MAX_CLUSTER_TITLE}}
        )
    return title


def _step_label(step: str) -> str:
    return str(Step(step).label)


# --- steps -------------------------------------------------------------------------------------


@transaction.atomic
def workshop_step_set(*, actor, workshop: Workshop, step: str) -> Workshop:
    """Switch the workshop to another step (forward or back); the facilitator only."""
    _require_facilitator(actor, workshop)
    if step not in STEP_ORDER:
        raise ValidationError({"step": _("Diesen Schritt gibt es nicht.")})
    if step == workshop.step:
        return workshop
    previous = workshop.step
    workshop.step = step
    workshop._change_reason = f"step {previous} -> {step}"
    workshop.save(update_fields=["step", "updated_at"])
    bump_revision(workshop)
    audit_record(
        actor=actor,
        verb="workshop.step_changed",
        target=workshop,
        data={"from": previous, "to": step},
    )
    summary = _("Workshop „%(title)s“: jetzt im Schritt „%(step)s“.") % {
        "title": workshop.title,
        "step": _step_label(step),
    }
    url = workshop.get_absolute_url()
    transaction.on_commit(
        lambda: activity.send(
            sender=Workshop,
            target=workshop,
            verb="workshop.step_changed",
            actor=actor,
            summary=summary,
            url=url,
            private=True,
        )
    )
    return workshop


# --- cards -------------------------------------------------------------------------------------


def _may_write_card(actor, participant, workshop) -> bool:
    """Participants write while collecting; the facilitator also while clustering."""
    if workshop.step in CARD_STEPS:
        return True
    return workshop.step in CLUSTER_STEPS and is_facilitator(actor, workshop)


@transaction.atomic
def card_create(
    *, actor, participant: Participant, workshop: Workshop, text: str, anonymous: bool = False
) -> Card:
    """Put an idea card on the board; participants while the workshop collects ideas."""
    _require_participant(participant, workshop)
    if not _may_write_card(actor, participant, workshop):
        raise PermissionDenied(_("Karten können nur im Schritt „Sammeln“ geschrieben werden."))
    text = _clean_card_text(text)
    order = (workshop.cards.aggregate(top=Max("order"))["top"] or 0) + 1
    card = Card.objects.create(
        workshop=workshop,
        author=participant,
        text=text,
        anonymous=bool(anonymous) and workshop.allow_anonymous,
        order=order,
    )
    bump_revision(workshop)
    audit_record(
        actor=actor,
        verb="workshop.card_created",
        target=card,
        data={"workshop": str(workshop.uuid), "participant": str(participant.uuid)},
    )
    return card


def _require_own_card_or_facilitator(actor, participant, card: Card) -> None:
    workshop = card.workshop
    if is_facilitator(actor, workshop):
        if workshop.step not in CLUSTER_STEPS:
            raise PermissionDenied(
                _("Karten können nur beim Sammeln und Gruppieren geändert werden.")
            )
        return
    _require_participant(participant, workshop)
    if card.author_id != participant.pk:
        raise PermissionDenied(_("Sie können nur Ihre eigenen Karten ändern."))
    if workshop.step not in CARD_STEPS:
        raise PermissionDenied(_("Karten können nur im Schritt „Sammeln“ geändert werden."))


@transaction.atomic
def card_update(
    *, actor, participant: Participant | None, card: Card, text: str, anonymous: bool = False
) -> Card:
    """Change the text of a card; its author while collecting, or the facilitator."""
    _require_own_card_or_facilitator(actor, participant, card)
    text = _clean_card_text(text)
    card.text = text
    card.anonymous = bool(anonymous) and card.workshop.allow_anonymous
    card.version += 1
    card.save(update_fields=["text", "anonymous", "version", "updated_at"])
    bump_revision(card.workshop)
    audit_record(actor=actor, verb="workshop.card_updated", target=card)
    return card


@transaction.atomic
def card_delete(*, actor, participant: Participant | None, card: Card) -> Card:
    """Take a card off the board (soft delete, restorable by an admin)."""
    _require_own_card_or_facilitator(actor, participant, card)
    card.deleted_at = timezone.now()
    card.save(update_fields=["deleted_at", "updated_at"])
    bump_revision(card.workshop)
    audit_record(actor=actor, verb="workshop.card_deleted", target=card)
    return card


@transaction.atomic
def card_move(*, actor, card: Card, cluster: Cluster | None) -> Card:
    """Put a card into a cluster, or back among the ungrouped cards; the facilitator only."""
    workshop = card.workshop
    _require_facilitator(actor, workshop)
    if workshop.step not in CLUSTER_STEPS:
        raise PermissionDenied(_("Karten werden nur beim Sammeln und Gruppieren verschoben."))
    if cluster is not None and (cluster.workshop_id != workshop.pk or cluster.is_deleted):
        raise ValidationError({"cluster": _("Diese Gruppe gibt es in diesem Workshop nicht.")})
    if card.cluster_id == (cluster.pk if cluster else None):
        return card
    card.cluster = cluster
    card.save(update_fields=["cluster", "updated_at"])
    bump_revision(workshop)
    audit_record(
        actor=actor,
        verb="workshop.card_moved",
        target=card,
        data={"cluster": str(cluster.uuid) if cluster else None},
    )
    return card


# --- clusters ----------------------------------------------------------------------------------


@transaction.atomic
def cluster_create(*, actor, workshop: Workshop, title: str) -> Cluster:
    """Open a new named group of cards; the facilitator only."""
    _require_facilitator(actor, workshop)
    if workshop.step not in CLUSTER_STEPS:
        raise PermissionDenied(_("Gruppen werden nur beim Sammeln und Gruppieren angelegt."))
    title = _clean_cluster_title(title)
    order = (workshop.clusters.aggregate(top=Max("order"))["top"] or 0) + 1
    cluster = Cluster.objects.create(workshop=workshop, title=title, order=order)
    bump_revision(workshop)
    audit_record(actor=actor, verb="workshop.cluster_created", target=cluster)
    return cluster


@transaction.atomic
def cluster_rename(*, actor, cluster: Cluster, title: str) -> Cluster:
    """Rename a group; the facilitator only."""
    workshop = cluster.workshop
    _require_facilitator(actor, workshop)
    if workshop.step not in CLUSTER_STEPS:
        raise PermissionDenied(_("Gruppen werden nur beim Sammeln und Gruppieren umbenannt."))
    previous = cluster.title
    cluster.title = _clean_cluster_title(title)
    cluster.version += 1
    cluster.save(update_fields=["title", "version", "updated_at"])
    bump_revision(workshop)
    audit_record(
        actor=actor,
        verb="workshop.cluster_renamed",
        target=cluster,
        data={"from": previous, "to": cluster.title},
    )
    return cluster


@transaction.atomic
def cluster_delete(*, actor, cluster: Cluster) -> Cluster:
    """Dissolve a group: its cards go back to the ungrouped ones (soft delete)."""
    workshop = cluster.workshop
    _require_facilitator(actor, workshop)
    if workshop.step not in CLUSTER_STEPS:
        raise PermissionDenied(_("Gruppen werden nur beim Sammeln und Gruppieren aufgelöst."))
    card_ids = list(cluster.cards.values_list("pk", flat=True))
    Card.all_objects.filter(pk__in=card_ids).update(cluster=None, updated_at=timezone.now())
    cluster.deleted_at = timezone.now()
    cluster.save(update_fields=["deleted_at", "updated_at"])
    bump_revision(workshop)
    audit_record(
        actor=actor,
        verb="workshop.cluster_deleted",
        target=cluster,
        data={"cards": [str(pk) for pk in card_ids]},
    )
    return cluster
