"""Roll-ups of a strategy, of municipalities, districts and regions (rule: `rollup.py`)."""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    Q,
    QuerySet,
    Sum,
)
from django.utils.translation import get_language

from blaupause.core.fingerprint import CACHE_SECONDS
from blaupause.regions.models import Municipality, Network

from .. import rollup as rule
from ..models import Commitment, visibility_key
from ._common import (
    alive_commitments,
    available_measure_counts,
    dashboard_url_maker,
    member_count,
    strategy_member_ids,
    weight_of,
    weighted_tallies,
)

if TYPE_CHECKING:
    from blaupause.regions.models import District, Region
    from blaupause.strategies.models import Measure, Strategy

# --- strategy roll-up --------------------------------------------------------------------------


@dataclass
class StrategyRollup:
    """Roll-ups of a whole strategy, keyed by the ids of its fields, goals and measures.

    Missing keys (a field or goal without measures) are answered by `field`, `goal` and
    `measure` with an empty roll-up; in templates use the filter ``rollup_for``.
    """

    strategy: Strategy
    total: rule.Rollup
    by_field: dict[int, rule.Rollup]
    by_goal: dict[int, rule.Rollup]
    by_measure: dict[int, rule.Rollup]
    municipality_count: int

    @property
    def has_demo(self) -> bool:
        return self.total.has_demo

    def _empty(self, level: str) -> rule.Rollup:
        return rule.Rollup(level=level, municipality_count=self.municipality_count, measure_count=0)

    def field(self, field_id: int) -> rule.Rollup:
        return self.by_field.get(field_id) or self._empty(rule.LEVEL_STRUCTURE)

    def goal(self, goal_id: int) -> rule.Rollup:
        return self.by_goal.get(goal_id) or self._empty(rule.LEVEL_STRUCTURE)

    def measure(self, measure_id: int) -> rule.Rollup:
        return self.by_measure.get(measure_id) or rule.measure_rollup(
            [], municipality_count=self.municipality_count
        )


def _visible_commitments(*, viewer, strategy: Strategy, member_ids: QuerySet) -> QuerySet:
    return (
        Commitment.objects.visible_to(viewer)
        .filter(
            measure__strategy=strategy,
            measure__deleted_at__isnull=True,
            measure__field__deleted_at__isnull=True,
            municipality_id__in=member_ids,
        )
        .order_by()
    )


def strategy_rollup(
    *,
    strategy: Strategy,
    viewer,
    measures: Iterable[Measure] | None = None,
    municipality_ids: Iterable[int] | None = None,
) -> StrategyRollup:
    """Roll-ups per measure, goal, field and for the whole strategy, as `viewer` may see them.

    Kept in the cache under a key of everything it depends on (`_rollup_key`, one query); when
    that changed, seven queries at most, however many measures and municipalities (pass the
    strategy's `measures` if they are loaded anyway to save one). `municipality_ids` narrows the
    municipalities counted (e.g. to one district) within the strategy's members.
    """
    if measures is not None:
        measures = list(measures)
    if municipality_ids is not None:
        municipality_ids = sorted(set(municipality_ids))
    key = _rollup_key(
        strategy=strategy, viewer=viewer, measures=measures, municipality_ids=municipality_ids
    )
    cached = cache.get(key)
    if cached is not None:
        return dataclasses.replace(cached, strategy=strategy)
    rollup = _computed_strategy_rollup(
        strategy=strategy, viewer=viewer, measures=measures, municipality_ids=municipality_ids
    )
    cache.set(key, dataclasses.replace(rollup, strategy=None), CACHE_SECONDS)
    return rollup


#: The state a strategy's roll-up depends on, in one query (see `_rollup_key`): count and last
#: change of its commitments, measures, fields, goals and goal links, and of its members.
_ROLLUP_STATE = """SELECT
    (SELECT COUNT(*) FROM {commitment} x JOIN {measure} m ON m.id = x.measure_id
        WHERE m.strategy_id = %(strategy)s),
    (SELECT MAX(x.updated_at) FROM {commitment} x JOIN {measure} m ON m.id = x.measure_id
        WHERE m.strategy_id = %(strategy)s),
    (SELECT COUNT(*) FROM {measure} WHERE strategy_id = %(strategy)s),
    (SELECT MAX(updated_at) FROM {measure} WHERE strategy_id = %(strategy)s),
    (SELECT MAX(updated_at) FROM {field} WHERE strategy_id = %(strategy)s),
    (SELECT MAX(updated_at) FROM {goal} WHERE strategy_id = %(strategy)s),
    (SELECT COUNT(*) FROM {goal_link} x JOIN {measure} m ON m.id = x.measure_id
        WHERE m.strategy_id = %(strategy)s),
    (SELECT MAX(x.id) FROM {goal_link} x JOIN {measure} m ON m.id = x.measure_id
        WHERE m.strategy_id = %(strategy)s),{members}"""
#: The members: of a network, or the municipality of a municipal strategy.
_NETWORK_MEMBERS = """
    (SELECT COUNT(*) FROM {membership} WHERE network_id = %(owner)s),
    (SELECT MAX(id) FROM {membership} WHERE network_id = %(owner)s),
    (SELECT MAX(mu.updated_at) FROM {municipality} mu
        JOIN {membership} x ON x.municipality_id = mu.id WHERE x.network_id = %(owner)s)"""
_MUNICIPALITY = """
    (SELECT MAX(updated_at) FROM {municipality} WHERE id = %(owner)s)"""


def _rollup_key(*, strategy, viewer, measures, municipality_ids) -> str:
    """Changes whenever a strategy's roll-up may: one query over the strategy's commitments,
    measures, fields, goals and their links, and its members (see `core.fingerprint`); plus
    what the viewer may see, the given measures and municipalities, and the language."""
    from blaupause.strategies.models import FieldOfAction, Goal, Measure

    table = {
        name: connection.ops.quote_name(model._meta.db_table)
        for name, model in {
            "commitment": Commitment,
            "measure": Measure,
            "field": FieldOfAction,
            "goal": Goal,
            "goal_link": Measure.goals.through,
            "membership": Network.municipalities.through,
            "municipality": Municipality,
        }.items()
    }
    members = _NETWORK_MEMBERS if strategy.network_id else _MUNICIPALITY
    sql = _ROLLUP_STATE.replace("{members}", members).format(**table)  # names from metadata
    with connection.cursor() as cursor:
        cursor.execute(
            sql, {"strategy": strategy.pk, "owner": strategy.network_id or strategy.municipality_id}
        )
        state = cursor.fetchone()
    given = None if measures is None else [(m.pk, m.field_id, m.weight) for m in measures]
    digest = hashlib.sha256(
        repr(
            (
                strategy.pk,
                strategy.updated_at,
                state,
                visibility_key(viewer),
                given,
                municipality_ids,
                get_language(),
            )
        ).encode()
    ).hexdigest()
    return f"commitments:strategy-rollup:{digest}"


def _computed_strategy_rollup(
    *,
    strategy: Strategy,
    viewer,
    measures: list[Measure] | None,
    municipality_ids: list[int] | None,
) -> StrategyRollup:
    from blaupause.strategies.models import Measure

    if measures is None:
        measure_rows = list(
            Measure.objects.filter(strategy=strategy, field__deleted_at__isnull=True)
            .order_by()
            .values_list("id", "field_id", "weight")
        )
    else:
        measure_rows = [(m.pk, m.field_id, m.weight) for m in measures]
    goal_links = list(
        Measure.goals.through.objects.filter(
            measure__strategy=strategy,
            measure__deleted_at__isnull=True,
            goal__deleted_at__isnull=True,
        ).values_list("measure_id", "goal_id")
    )
    member_ids = strategy_member_ids(strategy)
    if municipality_ids is not None:  # sorted and unique (`strategy_rollup`)
        member_ids = member_ids.filter(**{f"{_member_field(strategy)}__in": municipality_ids})
        municipality_count = member_ids.count()
    else:
        municipality_count = member_count(strategy)

    commitments = _visible_commitments(viewer=viewer, strategy=strategy, member_ids=member_ids)
    tallies: dict[int, list[rule.Tally]] = defaultdict(list)
    for row in commitments.values("measure_id", "status").annotate(
        n=Count("id"), p=Sum("progress"), demo=Count("id", filter=Q(is_demo=True))
    ):
        tallies[row["measure_id"]].append(
            rule.Tally(
                status=row["status"], count=row["n"], progress_sum=row["p"], demo=row["demo"]
            )
        )
    counted = commitments.counted()
    field_committed = dict(
        counted.values("measure__field_id")
        .annotate(n=Count("municipality_id", distinct=True))
        .values_list("measure__field_id", "n")
    )
    goal_committed = dict(
        counted.values("measure__goals")
        .annotate(n=Count("municipality_id", distinct=True))
        .values_list("measure__goals", "n")
    )
    total_committed = counted.aggregate(n=Count("municipality_id", distinct=True))["n"] or 0

    by_measure = {
        measure_id: rule.measure_rollup(
            tallies.get(measure_id, []), municipality_count=municipality_count
        )
        for measure_id, _field, _w in measure_rows
    }
    weights = {measure_id: weight_of(weight) for measure_id, _field, weight in measure_rows}
    field_parts: dict[int, list] = defaultdict(list)
    for measure_id, field_id, _w in measure_rows:
        field_parts[field_id].append((by_measure[measure_id], weights[measure_id]))
    goal_parts: dict[int, list] = defaultdict(list)
    for measure_id, goal_id in goal_links:
        if measure_id in by_measure:
            goal_parts[goal_id].append((by_measure[measure_id], weights[measure_id]))

    def structure(parts, committed):
        return rule.structure_rollup(
            parts, committed=committed or 0, municipality_count=municipality_count
        )

    return StrategyRollup(
        strategy=strategy,
        total=structure(
            [(by_measure[m], weights[m]) for m, _f, _w in measure_rows], total_committed
        ),
        by_field={fid: structure(p, field_committed.get(fid)) for fid, p in field_parts.items()},
        by_goal={gid: structure(p, goal_committed.get(gid)) for gid, p in goal_parts.items()},
        by_measure=by_measure,
        municipality_count=municipality_count,
    )


def _member_field(strategy: Strategy) -> str:
    return "municipality_id" if strategy.network_id else "pk"


def municipality_rollups(
    *, municipality_ids: Iterable[int], viewer, strategy: Strategy | None = None
) -> dict[int, rule.Rollup]:
    """The roll-up of each municipality (rule 5), in two to three queries.

    With `strategy`, only its measures count; else every measure of the municipality's
    networks' and own strategies.
    """
    municipality_ids = sorted(set(municipality_ids))
    commitments = alive_commitments(viewer).filter(municipality_id__in=municipality_ids)
    if strategy is not None:
        from blaupause.strategies.models import Measure

        commitments = commitments.filter(measure__strategy=strategy)
        count = Measure.objects.filter(strategy=strategy, field__deleted_at__isnull=True).count()
        measure_counts = dict.fromkeys(municipality_ids, count)
    else:
        measure_counts = available_measure_counts(municipality_ids)
    tallies = weighted_tallies(commitments, "municipality_id")
    return {
        pk: rule.commitments_rollup(tallies.get(pk, []), measure_count=measure_counts.get(pk, 0))
        for pk in municipality_ids
    }


# --- districts and regions ---------------------------------------------------------------------


@dataclass
class AreaRollup:
    """Roll-up of a district (rows per municipality) or a region (rows per district)."""

    total: rule.Rollup
    rows: list[tuple[object, rule.Rollup, str]]

    @property
    def has_demo(self) -> bool:
        return self.total.has_demo


def district_rollup(*, district: District, viewer) -> AreaRollup:
    """Progress of a district's municipalities (rule 5) and of the district; four queries."""
    municipalities = list(
        Municipality.objects.filter(district=district).only("ags", "name").order_by("name", "ags")
    )
    ids = [m.pk for m in municipalities]
    rollups = municipality_rollups(municipality_ids=ids, viewer=viewer)
    commitments = alive_commitments(viewer).filter(municipality_id__in=ids)
    tallies = weighted_tallies(commitments, "status")
    total = rule.commitments_rollup(
        [t for group in tallies.values() for t in group],
        municipality_count=len(ids),
        committed=sum(1 for r in rollups.values() if r.committed),
    )
    url = dashboard_url_maker()
    return AreaRollup(total=total, rows=[(m, rollups[m.pk], url(m.ags)) for m in municipalities])


def region_rollup(*, region: Region, viewer) -> AreaRollup:
    """Progress per district of a region and of the region; four queries."""
    from blaupause.regions.models import District

    districts = list(
        District.objects.filter(region=region)
        .annotate(
            municipality_count=Count(
                "municipalities", filter=Q(municipalities__deleted_at__isnull=True)
            )
        )
        .order_by("name")
    )
    commitments = alive_commitments(viewer).filter(
        municipality__district__region=region, municipality__deleted_at__isnull=True
    )
    tallies = weighted_tallies(commitments, "municipality__district_id")
    committed = dict(
        commitments.counted()
        .order_by()
        .values("municipality__district_id")
        .annotate(n=Count("municipality_id", distinct=True))
        .values_list("municipality__district_id", "n")
    )
    rows = [
        (
            district,
            rule.commitments_rollup(
                tallies.get(district.pk, []),
                municipality_count=district.municipality_count,
                committed=committed.get(district.pk, 0),
            ),
            district.get_absolute_url(),
        )
        for district in districts
    ]
    total = rule.commitments_rollup(
        [t for group in tallies.values() for t in group],
        municipality_count=sum(d.municipality_count for d in districts),
        committed=sum(committed.values()),
    )
    return AreaRollup(total=total, rows=rows)
