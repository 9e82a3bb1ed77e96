"""The stored versions of one item, read for its history page.

Each historical row is turned into the same plain data a snapshot holds (`snapshot.py`), so
that consecutive versions are compared with the same word-level diff as published versions.
Queries: the rows, the keys of the strategy's fields/goals/life areas/measures, and for
measures one query per link type — independent of the number of versions.
"""

from __future__ import annotations

from dataclasses import dataclass

from simple_history.models import HistoricalRecords

from .diff import field_changes
from .items import PARENT_MEASURE, ItemKind, kind_for
from .models import FieldOfAction, Goal, LifeArea, Measure
from .snapshot import Refs, serialize_item


@dataclass
class HistoryEntry:
    record: object  # the historical row
    values: dict  # field name -> displayable value in this version
    changes: list  # diff.FieldChange against the previous entry
    is_current: bool = False

    @property
    def history_id(self) -> int:
        return self.record.history_id


def history_link_ids(kind: ItemKind, history_ids: list[int]) -> dict[int, dict[str, list[int]]]:
    """Link targets per stored version of a measure: {history_id: {"goals": [ids], …}}."""
    result: dict[int, dict[str, list[int]]] = {
        history_id: {name: [] for name in kind.links} for history_id in history_ids
    }
    for name in kind.links:
        field = kind.model._meta.get_field(name)
        m2m_model = HistoricalRecords.m2m_models[field]
        target = field.m2m_reverse_field_name()
        rows = m2m_model.objects.filter(history_id__in=history_ids).values_list(
            "history_id", f"{target}_id"
        )
        for history_id, target_id in rows:
            result[history_id][name].append(target_id)
    return result


def _refs(kind, strategy_id: int) -> Refs:
    refs = Refs()
    if kind.name in {"goal", "measure"}:
        refs.fields = dict(
            FieldOfAction.all_objects.filter(strategy_id=strategy_id).values_list("pk", "key")
        )
    if kind.name == "measure":
        refs.life_areas = dict(
            LifeArea.all_objects.filter(strategy_id=strategy_id).values_list("pk", "key")
        )
        refs.goals = dict(Goal.all_objects.filter(strategy_id=strategy_id).values_list("pk", "key"))
    if kind.name == "measure" or kind.parent == PARENT_MEASURE:
        refs.measures = dict(
            Measure.all_objects.filter(strategy_id=strategy_id).values_list("pk", "key")
        )
    return refs


def history_entries(item) -> list:
    kind = kind_for(item)
    strategy_id = item.measure.strategy_id if kind.parent == PARENT_MEASURE else item.strategy_id
    records = list(
        kind.model.history.filter(id=item.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    refs = _refs(kind, strategy_id)
    links = history_link_ids(kind, [r.history_id for r in records]) if kind.links else {}
    entries: list[HistoryEntry] = []
    previous: dict | None = None
    for record in records:
        data = serialize_item(kind.name, record, refs, links.get(record.history_id))
        data["deleted"] = record.deleted_at is not None
        changes = field_changes(previous, data) if previous is not None else ()
        entries.append(HistoryEntry(record=record, values=data, changes=list(changes)))
        previous = data
    if entries:
        entries[-1].is_current = True
    entries.reverse()
    return entries


def strategy_entries(strategy) -> list:
    """Stored versions of a strategy's own texts, sources and status, newest first (1 query)."""
    from .selectors import HistoryEntry
    from .snapshot import STRATEGY_FIELDS, date_text

    records = list(
        strategy.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries: list[HistoryEntry] = []
    previous: dict | None = None
    for record in records:
        data = {name: getattr(record, name) for name in STRATEGY_FIELDS}
        data["adopted_on"] = date_text(record.adopted_on)
        changes = field_changes(previous, data, names=STRATEGY_FIELDS) if previous else ()
        if previous is None or changes:
            entries.append(HistoryEntry(record=record, values=data, changes=list(changes)))
        previous = data
    if entries:
        entries[-1].is_current = True
    entries.reverse()
    return entries
