"""Building blocks shared by the selectors: scope, visibility, tallies, links."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Sum,
)
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from blaupause.regions.models import Municipality, Network

from .. import rollup as rule
from ..constants import CommitmentStatus
from ..models import Commitment

if TYPE_CHECKING:
    from blaupause.strategies.models import Measure, Strategy


_AGS_PLACEHOLDER = "00000000"
#: Status order in tables and legends: what is done first, "verworfen" last.
STATUS_ORDER = [
    CommitmentStatus.DONE,
    CommitmentStatus.IN_PROGRESS,
    CommitmentStatus.PLANNED,
    CommitmentStatus.PAUSED,
    CommitmentStatus.DROPPED,
]
STATUS_RANK = {status.value: index for index, status in enumerate(STATUS_ORDER)}


def dashboard_url_maker():
    """A fast `reverse` for many municipality dashboards (one reverse, then replace)."""
    pattern = reverse("commitments:municipality_dashboard", kwargs={"ags": _AGS_PLACEHOLDER})
    return lambda ags: pattern.replace(_AGS_PLACEHOLDER, ags)


def has_geometry() -> ExpressionWrapper:
    return ExpressionWrapper(Q(geometry__isnull=False), output_field=BooleanField())


def strategy_member_ids(strategy: Strategy) -> QuerySet:
    """Ids of the municipalities a strategy counts: its network's members or its municipality."""
    if strategy.network_id:
        return Network.municipalities.through.objects.filter(
            network_id=strategy.network_id, municipality__deleted_at__isnull=True
        ).values("municipality_id")
    return Municipality.objects.filter(pk=strategy.municipality_id).values("pk")


def member_count(strategy: Strategy) -> int:
    if strategy.network_id:
        return strategy_member_ids(strategy).count()
    return 1


def weight_of(value) -> Decimal:
    return Decimal(1) if value is None else Decimal(value)


# --- what a municipality may commit to ---------------------------------------------------------


def strategies_of(municipality: Municipality) -> Q:
    """Strategies a municipality may commit to: its networks' ones and its own."""
    memberships = Network.municipalities.through.objects.filter(
        municipality_id=municipality.pk, network__deleted_at__isnull=True
    ).values("network_id")
    return Q(network_id__in=memberships) | Q(municipality_id=municipality.pk)


def available_measures(*, municipality: Municipality) -> QuerySet[Measure]:
    """Measures of the strategies of the municipality's networks and of its own strategies."""
    from blaupause.strategies.models import Measure, Strategy

    strategies = Strategy.objects.filter(strategies_of(municipality)).values("pk")
    return (
        Measure.objects.filter(strategy_id__in=strategies, field__deleted_at__isnull=True)
        .select_related("field", "strategy")
        .order_by("strategy__title", "strategy_id", "field__order", "field_id", "order", "key")
    )


def available_measure_get(*, municipality: Municipality, measure_uuid) -> Measure:
    """One measure the municipality may commit to; 404 for an unknown or unavailable one."""
    measure = available_measures(municipality=municipality).filter(uuid=measure_uuid).first()
    if measure is None:
        raise Http404(
            _("Diese Maßnahme gibt es nicht oder sie gehört zu keiner Strategie Ihrer Netzwerke.")
        )
    return measure


def commitment_for(*, municipality: Municipality, measure: Measure) -> Commitment | None:
    """The municipality's (undeleted) commitment to a measure, for editing; all fields."""
    commitment = Commitment.objects.filter(municipality=municipality, measure=measure).first()
    if commitment is not None:
        # Both are loaded already: the permission check and the audit need no query.
        commitment.municipality = municipality
        commitment.measure = measure
    return commitment


# --- weighted tallies per municipality ---------------------------------------------------------


def weighted_tallies(queryset: QuerySet, key: str) -> dict[object, list[rule.Tally]]:
    """GROUP BY `key`, status: count, progress and weights (one query)."""
    weighted = ExpressionWrapper(F("measure__weight") * F("progress"), output_field=FloatField())
    result: dict[object, list[rule.Tally]] = defaultdict(list)
    for row in (
        queryset.order_by()
        .values(key, "status")
        .annotate(
            n=Count("id"),
            p=Sum("progress"),
            w=Sum("measure__weight"),
            wp=Sum(weighted),
            demo=Count("id", filter=Q(is_demo=True)),
        )
    ):
        result[row[key]].append(
            rule.Tally(
                status=row["status"],
                count=row["n"],
                progress_sum=row["p"],
                weight_sum=row["w"],
                weighted_progress_sum=row["wp"],
                demo=row["demo"],
            )
        )
    return result


def alive_commitments(viewer) -> QuerySet[Commitment]:
    return Commitment.objects.visible_to(viewer).filter(
        measure__deleted_at__isnull=True,
        measure__field__deleted_at__isnull=True,
        measure__strategy__deleted_at__isnull=True,
    )


def available_measure_counts(municipality_ids: list[int]) -> dict[int, int]:
    """How many measures each municipality may commit to (two queries)."""
    from blaupause.strategies.models import Measure

    alive = Q(deleted_at__isnull=True, field__deleted_at__isnull=True)
    per_network = dict(
        Measure.objects.filter(alive, strategy__network__isnull=False)
        .order_by()
        .values("strategy__network_id")
        .annotate(n=Count("id"))
        .values_list("strategy__network_id", "n")
    )
    per_municipality = dict(
        Measure.objects.filter(alive, strategy__municipality_id__in=municipality_ids)
        .order_by()
        .values("strategy__municipality_id")
        .annotate(n=Count("id"))
        .values_list("strategy__municipality_id", "n")
    )
    counts = {pk: per_municipality.get(pk, 0) for pk in municipality_ids}
    for municipality_id, network_id in Network.municipalities.through.objects.filter(
        municipality_id__in=municipality_ids, network__deleted_at__isnull=True
    ).values_list("municipality_id", "network_id"):
        counts[municipality_id] += per_network.get(network_id, 0)
    return counts
