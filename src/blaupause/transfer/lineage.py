"""Three-way comparison of an adopted strategy with its blueprint (pure functions, no ORM).

Three states of every copied item, all in snapshot form (`strategies.snapshot`):

- base: the upstream item as it was last taken over (`ItemOrigin.base`),
- upstream: the item in the newest published version of the blueprint (matched by UUID),
- local: the copy as it is now, its references translated to the keys of the base.

Upstream changed a field when base and upstream differ; the adopter changed it when base and
local differ. A field changed on both sides to different values is a conflict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from blaupause.strategies.snapshot import SECTIONS

#: Snapshot section of each item kind, and back.
SECTION_OF_KIND = {
    "value": "values",
    "life_area": "life_areas",
    "field": "fields",
    "goal": "goals",
    "measure": "measures",
    "indicator": "indicators",
    "milestone": "milestones",
}
KIND_OF_SECTION = {section: kind for kind, section in SECTION_OF_KIND.items()}
TITLE_FIELD = dict(SECTIONS)

#: Not compared: identity and position.
IGNORED = {"uuid", "order"}

#: Reference fields: name -> the section whose keys they hold.
REFERENCES = {
    "field": "fields",
    "life_areas": "life_areas",
    "goals": "goals",
    "depends_on": "measures",
    "measure": "measures",
}

CLEAN, SAME, CONFLICT = "clean", "same", "conflict"
CHANGED, ADDED, REMOVED = "changed", "added", "removed"


def normal(value: Any) -> Any:
    """'' and None and [] mean nothing; lists of keys or words compare as sets."""
    if value in ("", None, []):
        return None
    if isinstance(value, list) and not any(isinstance(item, dict | list) for item in value):
        return tuple(sorted(map(str, value)))
    return value


def equal(a: Any, b: Any) -> bool:
    return normal(a) == normal(b)


def compared_fields(*items: Mapping | None) -> list[str]:
    names: list[str] = []
    for item in items:
        for name in item or {}:
            if name not in IGNORED and name not in names:
                names.append(name)
    return names


def translate_refs(item: Mapping, key_maps: Mapping[str, Mapping[str, str]]) -> dict:
    """The item with its references rewritten through `key_maps[section][local_key]`."""
    result = dict(item)
    for name, section in REFERENCES.items():
        if name not in result:
            continue
        lookup = key_maps.get(section, {})
        value = result[name]
        if isinstance(value, list):
            result[name] = [lookup.get(key, key) for key in value]
        elif value is not None:
            result[name] = lookup.get(value, value)
    return result


def by_uuid(snapshot: Mapping) -> dict[str, tuple[str, dict]]:
    """uuid -> (kind, item) over all sections of a snapshot."""
    result = {}
    for section, _title in SECTIONS:
        for item in snapshot.get(section, []):
            result[item["uuid"]] = (KIND_OF_SECTION[section], item)
    return result


def label_of(kind: str, item: Mapping) -> str:
    title = str(item.get(TITLE_FIELD.get(SECTION_OF_KIND.get(kind, ""), "title")) or "")
    title = title or str(item.get("title") or item.get("name") or "")
    if kind in {"field", "goal", "measure"} and item.get("key"):
        return f"{item['key']} {title}"
    if item.get("measure"):
        return f"{item['measure']} · {title}"
    return title


@dataclass
class FieldState:
    name: str
    base: Any
    upstream: Any
    local: Any
    state: str  # CLEAN (take upstream), SAME (already equal), CONFLICT (both changed)


@dataclass
class UpstreamChange:
    """What upstream did to one item since the adopter's base."""

    change: str  # CHANGED, ADDED, REMOVED
    kind: str
    source_uuid: str
    label: str
    item_uuid: str = ""  # the local copy (empty for items added upstream)
    fields: list[FieldState] = field(default_factory=list)
    upstream: dict = field(default_factory=dict)
    local_deleted: bool = False

    @property
    def conflicts(self) -> list[FieldState]:
        return [state for state in self.fields if state.state == CONFLICT]

    @property
    def clean(self) -> list[FieldState]:
        return [state for state in self.fields if state.state == CLEAN]


def local_key_maps(origins: Sequence[Mapping], local: Mapping[str, tuple[str, dict]]) -> dict:
    """section -> {local key: base key} for copied items (whose keys the adopter may change)."""
    maps: dict[str, dict[str, str]] = {}
    for origin in origins:
        entry = local.get(origin["item_uuid"])
        if entry is None:
            continue
        kind, item = entry
        if "key" in item and "key" in origin["base"]:
            maps.setdefault(SECTION_OF_KIND[kind], {})[item["key"]] = origin["base"]["key"]
    return maps


def upstream_changes(
    *,
    origins: Sequence[Mapping],
    local_snapshot: Mapping,
    upstream_snapshot: Mapping,
    decided_additions: set[str] = frozenset(),
    decided_removals: set[str] = frozenset(),
) -> list[UpstreamChange]:
    """Every upstream change since the base of each item, in the order of the blueprint.

    `origins` are dicts with `kind`, `item_uuid`, `source_uuid`, `base` (uuids as text).
    Items added upstream that the adopter already declined (`decided_additions`) and removals
    already decided (`decided_removals`) are left out.
    """
    local = by_uuid(local_snapshot)
    upstream = by_uuid(upstream_snapshot)
    key_maps = local_key_maps(origins, local)
    by_source = {origin["source_uuid"]: origin for origin in origins}
    changes: list[UpstreamChange] = []
    for source_uuid, (kind, up_item) in upstream.items():
        origin = by_source.get(source_uuid)
        if origin is None:
            if source_uuid not in decided_additions:
                changes.append(
                    UpstreamChange(
                        change=ADDED,
                        kind=kind,
                        source_uuid=source_uuid,
                        label=label_of(kind, up_item),
                        upstream=up_item,
                    )
                )
            continue
        base = origin["base"]
        entry = local.get(origin["item_uuid"])
        local_item = translate_refs(entry[1], key_maps) if entry else None
        states = []
        for name in compared_fields(base, up_item):
            if equal(base.get(name), up_item.get(name)):
                continue
            mine = local_item.get(name) if local_item is not None else base.get(name)
            if equal(mine, base.get(name)):
                state = CLEAN
            elif equal(mine, up_item.get(name)):
                state = SAME
            else:
                state = CONFLICT
            states.append(FieldState(name, base.get(name), up_item.get(name), mine, state))
        if states:
            changes.append(
                UpstreamChange(
                    change=CHANGED,
                    kind=origin["kind"],
                    source_uuid=source_uuid,
                    label=label_of(kind, up_item),
                    item_uuid=origin["item_uuid"],
                    fields=states,
                    upstream=up_item,
                    local_deleted=entry is None,
                )
            )
    for origin in origins:
        source_uuid = origin["source_uuid"]
        if source_uuid in upstream or source_uuid in decided_removals:
            continue
        changes.append(
            UpstreamChange(
                change=REMOVED,
                kind=origin["kind"],
                source_uuid=source_uuid,
                label=label_of(origin["kind"], origin["base"]),
                item_uuid=origin["item_uuid"],
                upstream={},
                local_deleted=origin["item_uuid"] not in local,
            )
        )
    return changes


@dataclass
class LocalChange:
    """How the adopter's copy of one item differs from its base."""

    change: str  # CHANGED (differs from base), ADDED (only local), REMOVED (deleted locally)
    kind: str
    item_uuid: str
    label: str
    base: dict = field(default_factory=dict)
    local: dict = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)


def local_changes(*, origins: Sequence[Mapping], local_snapshot: Mapping) -> list[LocalChange]:
    """Everything the adopter changed against the base: changed, added and removed items."""
    local = by_uuid(local_snapshot)
    key_maps = local_key_maps(origins, local)
    copied = {origin["item_uuid"] for origin in origins}
    result: list[LocalChange] = []
    for origin in origins:
        base = origin["base"]
        entry = local.get(origin["item_uuid"])
        if entry is None:
            result.append(
                LocalChange(
                    change=REMOVED,
                    kind=origin["kind"],
                    item_uuid=origin["item_uuid"],
                    label=label_of(origin["kind"], base),
                    base=base,
                )
            )
            continue
        kind, item = entry
        mapped = translate_refs(item, key_maps)
        names = [
            name
            for name in compared_fields(base, mapped)
            if not equal(base.get(name), mapped.get(name))
        ]
        if names:
            result.append(
                LocalChange(
                    change=CHANGED,
                    kind=kind,
                    item_uuid=origin["item_uuid"],
                    label=label_of(kind, item),
                    base=base,
                    local=mapped,
                    fields=names,
                )
            )
    for item_uuid, (kind, item) in local.items():
        if item_uuid not in copied:
            result.append(
                LocalChange(
                    change=ADDED,
                    kind=kind,
                    item_uuid=item_uuid,
                    label=label_of(kind, item),
                    local=item,
                )
            )
    return result
