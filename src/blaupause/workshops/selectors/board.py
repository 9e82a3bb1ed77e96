"""Reads for the workshop pages: access to a workshop, the board, the lists of workshops and
participants. Query counts do not grow with the number of cards, clusters or participants."""

from __future__ import annotations

import uuid as uuid_module
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import STEP_ORDER, Step
from ..models import Card, Cluster, Participant, Workshop
from ..participation import participant_for

__all__ = [
    "Board",
    "ClusterGroup",
    "StepInfo",
    "WorkshopAccess",
    "board_get",
    "participant_list",
    "workshop_access",
    "workshop_get",
    "workshop_list_for_strategy",
    "workshop_revision",
]

_WORKSHOP_RELATED = (
    "strategy__network__region",
    "strategy__municipality__district",
    "facilitator",
)


@dataclass
class WorkshopAccess:
    workshop: Workshop
    participant: Participant | None
    is_facilitator: bool


@dataclass
class StepInfo:
    value: str
    label: str
    state: str  # "done", "current" or "upcoming"
    number: int


@dataclass
class ClusterGroup:
    cluster: Cluster | None
    cards: list[Card] = field(default_factory=list)


@dataclass
class Board:
    """Everything a board page shows, in one object (wsout adds its own context beside it)."""

    workshop: Workshop
    participant: Participant | None
    is_facilitator: bool
    step: str
    steps: list[StepInfo]
    previous_step: StepInfo | None
    next_step: StepInfo | None
    clusters: list[Cluster]
    groups: list[ClusterGroup]  # one per cluster in order
    ungrouped: list[Card]
    cards: list[Card]
    participant_count: int

    @property
    def own_card_count(self) -> int:
        if self.participant is None:
            return 0
        return sum(1 for card in self.cards if card.author_id == self.participant.pk)


def _parse_uuid(value) -> uuid_module.UUID:
    try:
        return uuid_module.UUID(str(value))
    except (TypeError, ValueError) as error:
        raise Http404(_("Diesen Workshop gibt es nicht.")) from error


def workshop_get(*, uuid) -> Workshop:
    """One workshop with its strategy and owner (for the permission checks); 404 if unknown."""
    workshop = (
        Workshop.objects.select_related(*_WORKSHOP_RELATED).filter(uuid=_parse_uuid(uuid)).first()
    )
    if workshop is None or workshop.strategy.is_deleted:
        raise Http404(_("Diesen Workshop gibt es nicht."))
    return workshop


def workshop_access(*, request, uuid) -> WorkshopAccess:
    """The workshop with the request's participant; 404 for everyone who is neither a
    participant nor a facilitator (a workshop's existence is not revealed)."""
    workshop = workshop_get(uuid=uuid)
    facilitator = bool(getattr(request.user, "is_authenticated", False)) and request.user.has_perm(
        "workshops.manage_workshop", workshop
    )
    participant = participant_for(request, workshop)
    if participant is not None and participant.removed_at is not None and not facilitator:
        participant = None
    if participant is None and not facilitator:
        raise Http404(_("Diesen Workshop gibt es nicht."))
    return WorkshopAccess(workshop=workshop, participant=participant, is_facilitator=facilitator)


def workshop_revision(*, uuid) -> tuple[int, str] | None:
    """The board's revision and step: the one cheap query of the live poll."""
    try:
        key = uuid_module.UUID(str(uuid))
    except (TypeError, ValueError):
        return None
    return Workshop.objects.filter(uuid=key).values_list("revision", "step").first()


def _steps(current: str) -> list[StepInfo]:
    index = STEP_ORDER.index(current) if current in STEP_ORDER else 0
    return [
        StepInfo(
            value=step.value,
            label=str(step.label),
            state="done" if number < index else "current" if number == index else "upcoming",
            number=number + 1,
        )
        for number, step in enumerate(Step)
    ]


def board_get(*, access: WorkshopAccess) -> Board:
    """The board: clusters in order, each with its cards, and the ungrouped cards.

    Four queries whatever the size: cards (with author), clusters, the participant count.
    """
    workshop = access.workshop
    cards = list(
        Card.objects.filter(workshop=workshop).select_related("author").order_by("order", "id")
    )
    clusters = list(Cluster.objects.filter(workshop=workshop).order_by("order", "id"))
    participant_count = (
        Participant.objects.filter(workshop=workshop, removed_at__isnull=True)
        .filter(Q(user__isnull=False) | Q(joined_at__isnull=False))
        .count()
    )
    by_cluster: dict[int, ClusterGroup] = {c.pk: ClusterGroup(cluster=c) for c in clusters}
    ungrouped: list[Card] = []
    own_id = access.participant.pk if access.participant is not None else None
    for card in cards:
        card.is_own = own_id is not None and card.author_id == own_id
        group = by_cluster.get(card.cluster_id) if card.cluster_id else None
        (group.cards if group is not None else ungrouped).append(card)
    steps = _steps(workshop.step)
    index = next(i for i, s in enumerate(steps) if s.state == "current")
    return Board(
        workshop=workshop,
        participant=access.participant,
        is_facilitator=access.is_facilitator,
        step=workshop.step,
        steps=steps,
        previous_step=steps[index - 1] if index > 0 else None,
        next_step=steps[index + 1] if index + 1 < len(steps) else None,
        clusters=clusters,
        groups=list(by_cluster.values()),
        ungrouped=ungrouped,
        cards=cards,
        participant_count=participant_count,
    )


def workshop_list_for_strategy(*, strategy, viewer) -> QuerySet[Workshop]:
    """Workshops of a strategy the viewer may see: all for its facilitators, otherwise those
    the viewer takes part in; with the number of cards and participants."""
    workshops = Workshop.objects.filter(strategy=strategy)
    if not viewer.has_perm("workshops.add_workshop", strategy):
        workshops = workshops.filter(
            participants__user=viewer, participants__removed_at__isnull=True
        )
    return workshops.annotate(
        card_count=Count("cards", filter=Q(cards__deleted_at__isnull=True), distinct=True),
        participant_count=Count(
            "participants", filter=Q(participants__removed_at__isnull=True), distinct=True
        ),
    ).order_by("-created_at", "-id")


def participant_list(*, workshop: Workshop) -> list[Participant]:
    """Everyone invited to the workshop (removed ones last), with their state for the list."""
    now = timezone.now()
    rows = list(
        Participant.objects.filter(workshop=workshop)
        .select_related("user", "municipality")
        .order_by("removed_at", "display_name", "id")
    )
    for row in rows:
        if row.removed_at is not None:
            row.state = "removed"
        elif row.user_id is not None or row.joined_at is not None:
            row.state = "joined" if row.joined_at else "invited"
        elif row.invitation_expires_at and row.invitation_expires_at <= now:
            row.state = "expired"
        else:
            row.state = "invited"
    return rows
