"""Items by UUID, their stored versions, and the lifecycle of a strategy."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _

from ..history import HistoryEntry, history_entries, strategy_entries
from ..items import PARENT_MEASURE, ItemKind, kind_for
from ..models import (
    Strategy,
    StrategyStatusChange,
)

# --- items and their history -------------------------------------------------------------------


def item_get(
    *, strategy: Strategy, kind: ItemKind | str, uuid: UUID | str, include_deleted: bool = False
):
    """One item of `strategy` by its UUID (soft-deleted ones only with `include_deleted`)."""
    kind = kind_for(kind)
    manager = kind.model.all_objects if include_deleted else kind.model.objects
    queryset = manager.filter(uuid=uuid)
    if kind.parent == PARENT_MEASURE:
        queryset = queryset.filter(measure__strategy=strategy).select_related("measure")
    else:
        queryset = queryset.filter(strategy=strategy)
    try:
        item = queryset.first()
    except ValueError:  # not a UUID
        item = None
    if item is None:
        raise Http404(_("Diesen Eintrag gibt es in dieser Strategie nicht."))
    if kind.parent == PARENT_MEASURE:
        item.measure.strategy = strategy
    else:
        item.strategy = strategy
    return item


def item_history(*, item) -> list[HistoryEntry]:
    """All stored versions of one item, newest first, each with what changed against the one
    before. Links of measures are read with one query per link type for all versions."""
    return history_entries(item)


@dataclass
class StrategyHistory:
    status_changes: list[StrategyStatusChange]
    texts: list[HistoryEntry]
    deleted: list[tuple[ItemKind, object]]


def strategy_status_changes(*, strategy: Strategy) -> list[StrategyStatusChange]:
    """The lifecycle of a strategy, newest first (who changed the status, when, why)."""
    return list(strategy.status_changes.select_related("changed_by").order_by("-changed_at", "-id"))


def strategy_history(*, strategy: Strategy, with_deleted: bool = False) -> StrategyHistory:
    """The lifecycle of a strategy, the changes of its texts and — for editors — its deleted
    items (one query per item kind)."""
    from ..items import KINDS

    deleted = []
    for kind in KINDS if with_deleted else ():
        manager = kind.model.all_objects.deleted()
        if kind.parent == PARENT_MEASURE:
            rows = manager.filter(measure__strategy=strategy).select_related("measure")
        else:
            rows = manager.filter(strategy=strategy)
        deleted.extend((kind, row) for row in rows.order_by("-deleted_at"))
    return StrategyHistory(
        status_changes=strategy_status_changes(strategy=strategy),
        texts=strategy_entries(strategy),
        deleted=deleted,
    )
