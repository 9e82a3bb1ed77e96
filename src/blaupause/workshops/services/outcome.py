"""Writes of the outcome steps of a workshop: dots, impact/effort ratings, and promoting a card or
cluster into the workshop's strategy. Every write bumps the board revision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.core.audit import audit_record
from blaupause.core.signals import activity
from blaupause.strategies.constants import StrategyStatus
from blaupause.strategies.items import kind_for
from blaupause.strategies.services.items import item_create

from ..constants import RATING_MAX, RATING_MIN, Step
from ..models import Card, Cluster, Participant, Promotion, Rating, Vote, Workshop
from .board import bump_revision, is_facilitator

__all__ = [
    "PROMOTABLE_KINDS",
    "item_promote",
    "ratings_save",
    "vote_add",
    "vote_remove",
]

#: What a card or cluster may become in the strategy.
PROMOTABLE_KINDS = ("measure", "goal", "value")

NOT_PARTICIPANT = gettext_lazy("Sie nehmen an diesem Workshop nicht teil.")
NOT_FACILITATOR = gettext_lazy("Das darf nur die Moderation des Workshops.")


def _require_participant(participant: Participant | None, workshop: Workshop) -> None:
    if (
        participant is None
        or participant.workshop_id != workshop.pk
        or participant.removed_at is not None
    ):
        raise PermissionDenied(NOT_PARTICIPANT)


def _require_step(workshop: Workshop, step: str, message: str) -> None:
    # Read the step from the database: the facilitator may have switched meanwhile.
    current = Workshop.all_objects.filter(pk=workshop.pk).values_list("step", flat=True).get()
    if current != step:
        raise ValidationError(message)


def _target_filter(target: Card | Cluster) -> dict:
    return {"card": target} if isinstance(target, Card) else {"cluster": target}


def _check_target(target: Card | Cluster, workshop: Workshop) -> None:
    if target.workshop_id != workshop.pk or target.deleted_at is not None:
        raise ValidationError(_("Diese Karte oder Gruppe gehört nicht zu diesem Workshop."))
    if isinstance(target, Card) and target.cluster_id:
        raise ValidationError(
            _("Diese Karte gehört zu einer Gruppe. Bitte punkten Sie die Gruppe.")
        )


# --- dots --------------------------------------------------------------------------------------


@transaction.atomic
def vote_add(
    *, actor, participant: Participant | None, workshop: Workshop, target: Card | Cluster
) -> Vote:
    """Give one dot to a cluster or an unclustered card; participants in the vote step, within
    the dots per person and per target. Nothing changes when a limit would be exceeded."""
    _require_participant(participant, workshop)
    _require_step(workshop, Step.VOTE, _("Punkte können nur im Schritt „Punkten“ vergeben werden."))
    _check_target(target, workshop)
    # Lock the participant's row so two quick clicks cannot both take the last dot.
    Participant.objects.select_for_update().filter(pk=participant.pk).get()
    used = Vote.objects.filter(participant=participant).aggregate(total=Sum("dots"))["total"] or 0
    if used >= workshop.dots_per_person:
        raise ValidationError(
            _(
                "Sie haben schon alle %(total)s Punkte vergeben. Nehmen Sie einen Punkt "
                "zurück, um ihn anders zu setzen."
            )
            % {"total": workshop.dots_per_person}
        )
    vote = Vote.objects.filter(participant=participant, **_target_filter(target)).first()
    if vote is not None and vote.dots >= workshop.max_dots_per_card:
        raise ValidationError(
            _("Auf eine Karte oder Gruppe dürfen Sie höchstens %(max)s Punkte setzen.")
            % {"max": workshop.max_dots_per_card}
        )
    if vote is None:
        vote = Vote.objects.create(
            workshop=workshop, participant=participant, dots=1, **_target_filter(target)
        )
    else:
        vote.dots += 1
        vote.save(update_fields=["dots", "updated_at"])
    bump_revision(workshop)
    audit_record(
        actor=actor,
        verb="workshop.vote_added",
        target=workshop,
        data={"participant": str(participant.uuid), "target": str(target.uuid)},
    )
    return vote


@transaction.atomic
def vote_remove(
    *, actor, participant: Participant | None, workshop: Workshop, target: Card | Cluster
) -> Vote | None:
    """Take one of one's own dots back from a target; in the vote step. Returns the remaining
    vote row, or None when no dot is left on the target."""
    _require_participant(participant, workshop)
    _require_step(
        workshop, Step.VOTE, _("Punkte können nur im Schritt „Punkten“ verändert werden.")
    )
    vote = (
        Vote.objects.select_for_update()
        .filter(participant=participant, **_target_filter(target))
        .first()
    )
    if vote is None:
        raise ValidationError(_("Auf dieser Karte haben Sie keinen Punkt gesetzt."))
    if vote.dots > 1:
        vote.dots -= 1
        vote.save(update_fields=["dots", "updated_at"])
    else:
        vote.delete()
        vote = None
    bump_revision(workshop)
    audit_record(
        actor=actor,
        verb="workshop.vote_removed",
        target=workshop,
        data={"participant": str(participant.uuid), "target": str(target.uuid)},
    )
    return vote


# --- ratings -----------------------------------------------------------------------------------


def _rating_value(value, *, what: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not RATING_MIN <= number <= RATING_MAX:
        raise ValidationError(
            _("Bitte bewerten Sie %(what)s mit einer Zahl von %(min)s bis %(max)s.")
            % {"what": what, "min": RATING_MIN, "max": RATING_MAX}
        )
    return number


@transaction.atomic
def ratings_save(
    *,
    actor,
    participant: Participant | None,
    workshop: Workshop,
    ratings: Iterable[tuple[Card | Cluster, object, object]],
) -> list[Rating]:
    """Store one participant's impact and effort (1–5) for several targets, given as
    (target, impact, effort); in the rate step.

    All or nothing: when one pair is incomplete or out of range, a ValidationError names the
    targets (keyed by target uuid) and nothing is written."""
    _require_participant(participant, workshop)
    _require_step(workshop, Step.RATE, _("Bewerten ist nur im Schritt „Bewerten“ möglich."))
    errors: dict[str, list[str]] = {}
    cleaned: list[tuple[Card | Cluster, int, int]] = []
    for target, impact, effort in ratings:
        _check_target(target, workshop)
        problems = []
        values = []
        for value, what in ((impact, _("die Wirkung")), (effort, _("den Aufwand"))):
            try:
                values.append(_rating_value(value, what=what))
            except ValidationError as error:
                problems.extend(error.messages)
        if problems:
            errors[str(target.uuid)] = problems
        else:
            cleaned.append((target, values[0], values[1]))
    if errors:
        raise ValidationError(errors)
    saved = []
    for target, impact, effort in cleaned:
        rating, _created = Rating.objects.update_or_create(
            participant=participant,
            **_target_filter(target),
            defaults={"workshop": workshop, "impact": impact, "effort": effort},
        )
        saved.append(rating)
    if saved:
        # No bump_revision here: while the room rates, nobody's board shows other people's
        # ratings, and a refresh would wipe the radio buttons others have not saved yet.
        audit_record(
            actor=actor,
            verb="workshop.ratings_saved",
            target=workshop,
            data={"participant": str(participant.uuid), "count": len(saved)},
        )
    return saved


# --- promote -----------------------------------------------------------------------------------


@transaction.atomic
def item_promote(
    *,
    actor,
    workshop: Workshop,
    target: Card | Cluster,
    kind: str,
    title: str,
    values: Mapping[str, object] | None = None,
    links: Mapping[str, list] | None = None,
) -> tuple[object, Promotion]:
    """Turn a card or cluster into a measure, goal or value of the workshop's strategy;
    facilitators only. Records a Promotion; raises ValidationError with German messages per
    field (from the strategy services too)."""
    if not is_facilitator(actor, workshop):
        raise PermissionDenied(NOT_FACILITATOR)
    if target.workshop_id != workshop.pk or target.deleted_at is not None:
        raise ValidationError(_("Diese Karte oder Gruppe gehört nicht zu diesem Workshop."))
    if kind not in PROMOTABLE_KINDS:
        raise ValidationError({"kind": [_("Bitte wählen Sie, was daraus werden soll.")]})
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": [_("Bitte geben Sie einen Titel an.")]})
    item_values = {"title": title, **(values or {})}
    item = item_create(
        actor=actor,
        strategy=workshop.strategy,
        kind=kind,
        values=item_values,
        links=links or None,
        reason=_("aus dem Workshop „%(title)s“ übernommen") % {"title": workshop.title},
    )
    promotion = Promotion.objects.create(
        workshop=workshop,
        item_type=ContentType.objects.get_for_model(type(item)),
        item_id=item.pk,
        promoted_by=actor,
        **_target_filter(target),
    )
    bump_revision(workshop)
    item_kind = kind_for(item)
    label = f"{item_kind.label} {getattr(item, 'key', '')}".strip()
    audit_record(
        actor=actor,
        verb="workshop.item_promoted",
        target=workshop,
        data={"target": str(target.uuid), "kind": kind, "item": str(item.uuid)},
        municipality_ags=workshop.strategy.audit_municipality_ags,
    )
    strategy = workshop.strategy
    summary = _("%(item)s „%(title)s“ aus dem Workshop „%(workshop)s“ übernommen") % {
        "item": label,
        "title": title,
        "workshop": workshop.title,
    }
    url = item.get_absolute_url() if item_kind.name == "measure" else strategy.get_absolute_url()
    transaction.on_commit(
        lambda: activity.send(
            sender=Promotion,
            target=strategy,
            verb="workshop.item_promoted",
            actor=actor,
            summary=summary,
            url=url,
            private=strategy.status == StrategyStatus.DRAFT,
        )
    )
    return item, promotion
