"""Reads for the vote, rate, result and closed steps of a workshop board, the export and the
slots on strategy pages. A fixed number of queries per page, whatever the number of cards.

Targets of votes and ratings are the clusters and the cards that are in no cluster, in board
order. Votes of others stay hidden from participants while the room is voting (no herd
effect); the facilitator and the projector view see the totals, everyone sees them once the
facilitator switched to the result.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Exists, Max, OuterRef, Q, QuerySet, Sum, Value
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from blaupause.strategies.items import kind_for

from .. import matrix
from ..constants import RATING_MAX, RATING_MIN, Step
from ..models import Card, Cluster, Participant, Promotion, Rating, Vote, Workshop

__all__ = [
    "Outcome",
    "Target",
    "item_origin",
    "outcome_context",
    "target_for",
    "workshop_outcome",
    "workshops_for_strategy",
]

CARD = "card"
CLUSTER = "cluster"
RATING_CHOICES = list(range(RATING_MIN, RATING_MAX + 1))


@dataclass
class PromotionView:
    label: str  # "Maßnahme A-M03"
    title: str
    url: str
    deleted: bool = False


@dataclass
class Target:
    """A cluster or an unclustered card with its dots, ratings and promotions."""

    kind: str  # CARD | CLUSTER
    obj: Card | Cluster
    position: int
    cards: list[Card] = field(default_factory=list)
    total_dots: int = 0
    my_dots: int = 0
    impact: float | None = None
    effort: float | None = None
    ratings_count: int = 0
    my_impact: int | None = None
    my_effort: int | None = None
    promotions: list[PromotionView] = field(default_factory=list)
    rank: int = 0
    can_add: bool = False
    #: What the person typed on a form that was not saved, and why (rate step).
    typed_impact: str | None = None
    typed_effort: str | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.obj.uuid}"

    @property
    def field_id(self) -> str:
        return f"{self.kind}-{self.obj.uuid}"

    @property
    def title(self) -> str:
        return self.obj.title if self.kind == CLUSTER else self.obj.text

    @property
    def is_cluster(self) -> bool:
        return self.kind == CLUSTER

    @property
    def quadrant(self) -> str:
        return matrix.quadrant(self.impact, self.effort)

    @property
    def quadrant_label(self) -> str:
        return matrix.quadrant_label(self.quadrant)

    @property
    def impact_label(self) -> str:
        return "–" if self.impact is None else f"{self.impact:.1f}".replace(".", ",")

    @property
    def effort_label(self) -> str:
        return "–" if self.effort is None else f"{self.effort:.1f}".replace(".", ",")

    @property
    def impact_checked(self) -> str:
        """The impact to show as chosen: the unsaved input, else the saved rating."""
        if self.typed_impact is not None:
            return self.typed_impact
        return "" if self.my_impact is None else str(self.my_impact)

    @property
    def effort_checked(self) -> str:
        if self.typed_effort is not None:
            return self.typed_effort
        return "" if self.my_effort is None else str(self.my_effort)

    @property
    def can_remove(self) -> bool:
        return self.my_dots > 0


@dataclass
class Outcome:
    workshop: Workshop
    participant: Participant | None
    targets: list[Target]
    can_manage: bool = False
    show_totals: bool = False
    dots_used: int = 0
    participants_count: int = 0
    voters_count: int = 0
    raters_count: int = 0

    @property
    def dots_total(self) -> int:
        return self.workshop.dots_per_person

    @property
    def dots_left(self) -> int:
        return max(self.dots_total - self.dots_used, 0)

    @property
    def ranking(self) -> list[Target]:
        return sorted(self.targets, key=lambda target: target.rank)

    @property
    def rated(self) -> list[Target]:
        return [target for target in self.ranking if target.quadrant]

    @property
    def matrix_title(self) -> str:
        return _("Wirkung und Aufwand: %(title)s") % {"title": self.workshop.title}

    @property
    def matrix_points(self) -> list[matrix.Point]:
        return [
            matrix.Point(
                number=target.rank, label=target.title, impact=target.impact, effort=target.effort
            )
            for target in self.rated
        ]

    @property
    def matrix_svg(self) -> str:
        return matrix.matrix_svg(self.matrix_title, self.matrix_points)

    @property
    def matrix_description(self) -> str:
        return matrix.describe(self.matrix_points)

    @property
    def rating_choices(self) -> list[str]:
        return [str(value) for value in RATING_CHOICES]

    @property
    def rated_by_me(self) -> int:
        return sum(1 for target in self.targets if target.my_impact is not None)

    @property
    def promotions_count(self) -> int:
        return sum(len(target.promotions) for target in self.targets)


def _promotion_view(promotion: Promotion, strategy) -> PromotionView:
    item = promotion.item
    if item is None:
        return PromotionView(label=_("Eintrag"), title="", url="", deleted=True)
    kind = kind_for(item)
    key = getattr(item, "key", "")
    label = f"{kind.label} {key}".strip()
    title = getattr(item, kind.title_field, "")
    strategy_url = reverse("strategies:strategy_detail", kwargs={"slug": strategy.slug})
    if kind.name == "measure":
        url = reverse("strategies:measure_detail", kwargs={"slug": strategy.slug, "key": key})
    elif kind.name == "goal":
        url = f"{strategy_url}#ziel-{key}"
    elif kind.name == "value":
        url = f"{strategy_url}#werte"
    else:
        url = strategy_url
    deleted = item.deleted_at is not None
    return PromotionView(label=label, title=title, url="" if deleted else url, deleted=deleted)


def _targets(workshop: Workshop) -> tuple[list[Target], dict[tuple[str, int], Target]]:
    clusters = list(Cluster.objects.filter(workshop=workshop).order_by("order", "id"))
    cards = list(
        Card.objects.filter(workshop=workshop).select_related("author").order_by("order", "id")
    )
    by_cluster: dict[int, list[Card]] = defaultdict(list)
    loose: list[Card] = []
    for card in cards:
        if card.cluster_id:
            by_cluster[card.cluster_id].append(card)
        else:
            loose.append(card)
    targets = [
        Target(kind=CLUSTER, obj=cluster, position=index, cards=by_cluster.get(cluster.pk, []))
        for index, cluster in enumerate(clusters)
    ]
    targets += [
        Target(kind=CARD, obj=card, position=len(clusters) + index)
        for index, card in enumerate(loose)
    ]
    index = {(target.kind, target.obj.pk): target for target in targets}
    return targets, index


def _key_of(row) -> tuple[str, int]:
    return (CARD, row["card_id"]) if row["card_id"] else (CLUSTER, row["cluster_id"])


def _rank(targets: list[Target]) -> None:
    """Most dots first, then higher impact, then lower effort, then board order."""

    def sort_key(target: Target):
        return (
            -target.total_dots,
            -(target.impact if target.impact is not None else 0),
            target.effort if target.effort is not None else RATING_MAX + 1,
            target.position,
        )

    for rank, target in enumerate(sorted(targets, key=sort_key), start=1):
        target.rank = rank


def workshop_outcome(
    workshop: Workshop,
    participant: Participant | None = None,
    *,
    can_manage: bool | None = None,
    projector: bool = False,
) -> Outcome:
    """Targets with dots, ratings, ranking and promotions; `participant`'s own dots and
    ratings. Totals of dots are filled only where the viewer may see them."""
    if can_manage is None:
        user = participant.user if participant is not None else None
        can_manage = bool(user and user.has_perm("workshops.manage_workshop", workshop))
    targets, index = _targets(workshop)
    mine = Q(participant=participant) if participant is not None else Q(pk__in=[])

    dots_used = 0
    vote_rows = (
        Vote.objects.filter(workshop=workshop)
        .values("card_id", "cluster_id")
        .annotate(total=Sum("dots"), mine=Sum("dots", filter=mine))
        .order_by()
    )
    for row in vote_rows:
        dots_used += row["mine"] or 0
        target = index.get(_key_of(row))
        if target is not None:
            target.total_dots = row["total"] or 0
            target.my_dots = row["mine"] or 0

    rating_rows = (
        Rating.objects.filter(workshop=workshop)
        .values("card_id", "cluster_id")
        .annotate(
            avg_impact=Avg("impact"),
            avg_effort=Avg("effort"),
            count=Count("id"),
            my_impact=Max("impact", filter=mine),
            my_effort=Max("effort", filter=mine),
        )
        .order_by()
    )
    for row in rating_rows:
        target = index.get(_key_of(row))
        if target is not None:
            target.impact = float(row["avg_impact"])
            target.effort = float(row["avg_effort"])
            target.ratings_count = row["count"]
            target.my_impact = row["my_impact"]
            target.my_effort = row["my_effort"]

    promotions = (
        Promotion.objects.filter(workshop=workshop)
        .prefetch_related("item")
        .order_by("promoted_at", "id")
    )
    for promotion in promotions:
        key = (CARD, promotion.card_id) if promotion.card_id else (CLUSTER, promotion.cluster_id)
        target = index.get(key)
        if target is not None:
            target.promotions.append(_promotion_view(promotion, workshop.strategy))

    counts = Participant.objects.filter(workshop=workshop).aggregate(
        # Counted like the board does: accounts on the list, guests once they joined.
        participants=Count(
            "id",
            filter=Q(removed_at__isnull=True)
            & (Q(user__isnull=False) | Q(joined_at__isnull=False)),
        ),
        voters=Count("id", filter=Q(Exists(Vote.objects.filter(participant=OuterRef("pk"))))),
        raters=Count("id", filter=Q(Exists(Rating.objects.filter(participant=OuterRef("pk"))))),
    )

    _rank(targets)
    show_totals = can_manage or projector or workshop.step in {Step.RESULT, Step.CLOSED}
    dots_left = max(workshop.dots_per_person - dots_used, 0)
    for target in targets:
        target.can_add = dots_left > 0 and target.my_dots < workshop.max_dots_per_card
        if not show_totals:
            target.total_dots = target.my_dots
    return Outcome(
        workshop=workshop,
        participant=participant,
        targets=targets,
        can_manage=can_manage,
        show_totals=show_totals,
        dots_used=dots_used,
        participants_count=counts["participants"],
        voters_count=counts["voters"],
        raters_count=counts["raters"],
    )


def outcome_context(workshop: Workshop, participant: Participant | None, **options) -> dict:
    """Context for the outcome steps of the board page; merged into the board's context."""
    if workshop.step not in {Step.VOTE, Step.RATE, Step.RESULT, Step.CLOSED}:
        return {}
    return {"outcome": workshop_outcome(workshop, participant, **options)}


def target_for(workshop: Workshop, key: str) -> Card | Cluster:
    """The cluster or unclustered card named by `key` ("cluster:<uuid>" / "card:<uuid>");
    404 when it is not a target of this workshop."""
    kind, _sep, value = (key or "").partition(":")
    try:
        if kind == CLUSTER:
            return Cluster.objects.get(workshop=workshop, uuid=value)
        if kind == CARD:
            return Card.objects.get(workshop=workshop, uuid=value, cluster__isnull=True)
    except (Cluster.DoesNotExist, Card.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404(_("Diese Karte oder Gruppe gibt es in diesem Workshop nicht.")) from error
    raise Http404(_("Diese Karte oder Gruppe gibt es in diesem Workshop nicht."))


def _takes_part(viewer, workshop_ref: str = "pk"):
    """True where the viewer takes part in the workshop `workshop_ref` points at."""
    if not getattr(viewer, "is_authenticated", False):
        return Value(False)
    return Exists(
        Participant.objects.filter(
            workshop=OuterRef(workshop_ref), user=viewer, removed_at__isnull=True
        )
    )


def workshops_for_strategy(*, strategy, viewer) -> QuerySet[Workshop] | list[Workshop]:
    """Workshops of a strategy the viewer may see: all for those who may facilitate them,
    else those the viewer takes part in."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    workshops = Workshop.objects.filter(strategy=strategy).order_by("-created_at", "-id")
    if viewer.has_perm("strategies.change_strategy", strategy):
        return workshops
    return workshops.filter(_takes_part(viewer))


@dataclass
class Origin:
    workshop: Workshop
    cards: list[Card]
    may_view: bool


def item_origin(*, item, viewer) -> Origin | None:
    """The workshop an item was promoted from and the cards behind it, in one query.

    Card texts and the link only for people who may see the workshop."""
    from django.contrib.contenttypes.models import ContentType

    if item is None or getattr(item, "pk", None) is None:
        return None
    item_type = ContentType.objects.get_for_model(type(item))
    promoted = Promotion.objects.filter(
        item_type=item_type, item_id=item.pk, workshop=OuterRef("workshop_id")
    ).filter(Q(card=OuterRef("pk")) | Q(cluster=OuterRef("cluster_id")))
    cards = list(
        Card.objects.filter(Exists(promoted), workshop__deleted_at__isnull=True)
        .select_related("workshop__strategy")
        .annotate(viewer_takes_part=_takes_part(viewer, "workshop_id"))
        .order_by("workshop_id", "order", "id")
    )
    if not cards:
        return None
    workshop = cards[0].workshop
    cards = [card for card in cards if card.workshop_id == workshop.pk]
    may_view = bool(cards[0].viewer_takes_part) or bool(
        getattr(viewer, "is_authenticated", False)
        and viewer.has_perm("workshops.manage_workshop", workshop)
    )
    return Origin(workshop=workshop, cards=cards, may_view=may_view)
