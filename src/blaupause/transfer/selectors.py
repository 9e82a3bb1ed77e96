"""Reads of the transfer app: where an adopted strategy came from, what its adopters changed,
which upstream changes wait for a decision. Queries planned; snapshots are loaded only where
a page compares them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from blaupause.strategies.diff import FIELD_LABELS, display, value_diff
from blaupause.strategies.items import kind_for
from blaupause.strategies.models import Strategy, StrategyVersion
from blaupause.strategies.selectors import strategy_content
from blaupause.strategies.snapshot import build_snapshot

from . import lineage
from .models import Adaptation, Adoption, ItemOrigin, UpstreamDecision

__all__ = [
    "adoptable_versions",
    "adoption_changes",
    "adoption_for_strategy",
    "adoption_get",
    "adoption_sync",
    "local_snapshot",
    "pending_changes",
]


def adoptable_versions():
    """Published versions of blueprints, newest first per blueprint (without snapshots)."""
    return (
        StrategyVersion.objects.filter(
            strategy__is_blueprint=True, strategy__deleted_at__isnull=True
        )
        .select_related("strategy", "strategy__network")
        .defer("snapshot")
        .order_by("strategy__title", "-number")
    )


def _latest_version(adoption: Adoption) -> StrategyVersion | None:
    return (
        StrategyVersion.objects.filter(strategy_id=adoption.source_id).order_by("-number").first()
    )


def local_snapshot(strategy: Strategy) -> dict:
    """The adopted strategy as it is now, in snapshot form (8 queries)."""
    return build_snapshot(strategy_content(strategy=strategy, children=True))


def pending_changes(adoption: Adoption, latest: StrategyVersion | None = None):
    """The upstream changes of the newest blueprint version still to decide on."""
    latest = latest or _latest_version(adoption)
    if latest is None or latest.number <= adoption.synced_version.number:
        return latest, []
    origins = [
        {
            "kind": origin.kind,
            "item_uuid": str(origin.item_uuid),
            "source_uuid": str(origin.source_uuid),
            "base": origin.base,
        }
        for origin in ItemOrigin.objects.filter(adoption=adoption)
    ]
    decisions = UpstreamDecision.objects.filter(adoption=adoption).values_list(
        "source_uuid", "fields"
    )
    additions = {str(uuid) for uuid, data in decisions if (data or {}).get("change") == "added"}
    removals = {str(uuid) for uuid, data in decisions if (data or {}).get("change") == "removed"}
    changes = lineage.upstream_changes(
        origins=origins,
        local_snapshot=local_snapshot(adoption.strategy),
        upstream_snapshot=latest.snapshot,
        decided_additions=additions,
        decided_removals=removals,
    )
    return latest, changes


def adoption_for_strategy(strategy) -> Adoption | None:
    """The adoption behind a strategy with its source and the newest source version number:
    one query (none of the large snapshots); none for strategies that build on nothing, since
    an adoption always sets `builds_on`."""
    if strategy is None or strategy.pk is None or not strategy.builds_on_id:
        return None
    latest = StrategyVersion.objects.filter(strategy_id=OuterRef("source_id")).order_by("-number")
    return (
        Adoption.objects.filter(strategy_id=strategy.pk)
        .select_related("source", "source_version", "synced_version")
        .defer("source_version__snapshot", "synced_version__snapshot")
        .annotate(latest_number=Subquery(latest.values("number")[:1]))
        .first()
    )


def adoption_get(strategy) -> Adoption:
    """Like `adoption_for_strategy`, but 404 for a strategy that is not adopted."""
    adoption = adoption_for_strategy(strategy)
    if adoption is None:
        raise Http404(_("Diese Strategie wurde nicht aus einer Blaupause übernommen."))
    adoption.strategy = strategy
    return adoption


@dataclass
class FieldRow:
    label: str
    html: str = ""
    base: str = ""
    upstream: str = ""
    local: str = ""
    name: str = ""
    state: str = ""


@dataclass
class ChangeRow:
    change: str
    kind_label: str
    label: str
    item_uuid: str = ""
    source_uuid: str = ""
    fields: list[FieldRow] = field(default_factory=list)
    reasons: list[Adaptation] = field(default_factory=list)
    local_deleted: bool = False
    item_version: int | None = None

    @property
    def has_conflicts(self) -> bool:
        return any(row.state == lineage.CONFLICT for row in self.fields)


def _origins(adoption: Adoption) -> list[dict]:
    return [
        {
            "kind": kind,
            "item_uuid": str(item_uuid),
            "source_uuid": str(source_uuid),
            "base": base,
        }
        for kind, item_uuid, source_uuid, base in ItemOrigin.objects.filter(
            adoption=adoption
        ).values_list("kind", "item_uuid", "source_uuid", "base")
    ]


def _label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


def adoption_changes(adoption: Adoption) -> list[ChangeRow]:
    """Every item of the adopted strategy that differs from its base, every item added or
    removed locally, each with the reasons given (a fixed number of queries)."""
    reasons: dict[str, list[Adaptation]] = defaultdict(list)
    for adaptation in Adaptation.objects.filter(adoption=adoption).select_related("actor"):
        reasons[str(adaptation.item_uuid)].append(adaptation)
    changes = lineage.local_changes(
        origins=_origins(adoption), local_snapshot=local_snapshot(adoption.strategy)
    )
    rows = []
    for change in changes:
        rows.append(
            ChangeRow(
                change=change.change,
                kind_label=str(kind_for(change.kind).label),
                label=change.label,
                item_uuid=change.item_uuid,
                fields=[
                    FieldRow(
                        label=_label(name),
                        name=name,
                        html=value_diff(name, change.base.get(name), change.local.get(name)),
                    )
                    for name in change.fields
                ],
                reasons=[r for r in reasons.get(change.item_uuid, []) if r.reason],
            )
        )
    return rows


@dataclass
class SyncPage:
    adoption: Adoption
    latest: StrategyVersion | None
    rows: list[ChangeRow]

    @property
    def has_new_version(self) -> bool:
        return self.latest is not None and self.latest.number > self.adoption.synced_version.number


def adoption_sync(adoption: Adoption) -> SyncPage:
    """The upstream changes of the newest blueprint version, field by field: base, upstream,
    ours, and whether a field is in conflict."""
    latest, changes = pending_changes(adoption)
    wanted: dict[str, list[str]] = defaultdict(list)
    for change in changes:
        if change.item_uuid:
            wanted[change.kind].append(change.item_uuid)
    versions = {}
    for kind_name, uuids in wanted.items():
        model = kind_for(kind_name).model
        versions.update(
            {
                str(uuid): version
                for uuid, version in model.all_objects.filter(uuid__in=uuids).values_list(
                    "uuid", "version"
                )
            }
        )
    rows = []
    for change in changes:
        rows.append(
            ChangeRow(
                change=change.change,
                kind_label=str(kind_for(change.kind).label),
                label=change.label,
                item_uuid=change.item_uuid,
                source_uuid=change.source_uuid,
                local_deleted=change.local_deleted,
                item_version=versions.get(change.item_uuid),
                fields=[
                    FieldRow(
                        label=_label(state.name),
                        name=state.name,
                        state=state.state,
                        html=value_diff(state.name, state.base, state.upstream),
                        base=display(state.name, state.base),
                        upstream=display(state.name, state.upstream),
                        local=display(state.name, state.local),
                    )
                    for state in change.fields
                ],
            )
        )
    return SyncPage(adoption=adoption, latest=latest, rows=rows)


@dataclass
class ItemLineage:
    adoption: Adoption
    origin: ItemOrigin | None
    reasons: list[Adaptation]


def item_lineage(item) -> ItemLineage | None:
    """Where an item of an adopted strategy came from and why it was changed (two queries)."""
    origin = (
        ItemOrigin.objects.filter(item_uuid=item.uuid)
        .select_related("adoption__source", "adoption__strategy")
        .first()
    )
    if origin is not None:
        adoption = origin.adoption
    else:
        adoption = (
            Adoption.objects.filter(strategy_id=item.strategy_id).select_related("source").first()
        )
        if adoption is None:
            return None
    reasons = [
        row
        for row in Adaptation.objects.filter(adoption=adoption, item_uuid=item.uuid).select_related(
            "actor"
        )
        if row.reason
    ]
    return ItemLineage(adoption=adoption, origin=origin, reasons=reasons)
