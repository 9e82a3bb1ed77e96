"""A strategy as plain JSON: the frozen content of a published version.

Pure functions (no queries): they read the objects a selector loaded (`StrategyContent`).
Every item carries its stable UUID; references between items use their keys (a goal names its
field "A", a measure its goals "A-Z1"), so a snapshot reads well on its own and stays valid
after the database rows are gone. Lists keep display order. Numbers with decimals are written
as strings ("12.5") to stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

SNAPSHOT_FORMAT = 1

#: Item lists of a snapshot in display order, with the field that names an item.
SECTIONS = (
    ("values", "title"),
    ("life_areas", "title"),
    ("fields", "title"),
    ("goals", "title"),
    ("measures", "title"),
    ("indicators", "name"),
    ("milestones", "title"),
)

STRATEGY_FIELDS = (
    "title",
    "slogan",
    "vision",
    "preamble",
    "reconstruction_notice",
    "status",
    "adopted_body",
    "adopted_on",
    "adopted_reference",
    "adopted_note",
    "sources",
)


def decimal_text(value: Decimal | int | float | None) -> str | None:
    """12.50 -> "12.5", 10.00 -> "10", None -> None."""
    if value is None:
        return None
    number = Decimal(str(value)).normalize()
    text = format(number, "f")
    return text


def date_text(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass
class Refs:
    """Keys of items by database id, to write references as keys."""

    fields: dict[int, str] = field(default_factory=dict)
    life_areas: dict[int, str] = field(default_factory=dict)
    goals: dict[int, str] = field(default_factory=dict)
    measures: dict[int, str] = field(default_factory=dict)

    def keys(self, table: str, ids) -> list[str]:
        lookup = getattr(self, table)
        return [lookup[pk] for pk in ids if pk in lookup]


def _common(obj) -> dict[str, Any]:
    return {
        "derived": bool(getattr(obj, "derived", False)),
        "source_ids": list(getattr(obj, "source_ids", None) or []),
    }


def serialize_item(kind: str, obj, refs: Refs, links: dict[str, list[int]] | None = None) -> dict:
    """One item as plain data. `links` (for measures) maps link name to ids in display order."""
    links = links or {}
    data: dict[str, Any] = {"uuid": str(obj.uuid)}
    if kind == "value":
        data |= {"key": obj.key, "title": obj.title, "explanation": obj.explanation}
    elif kind == "life_area":
        data |= {"key": obj.key, "title": obj.title}
    elif kind == "field":
        data |= {"key": obj.key, "title": obj.title, "description": obj.description}
    elif kind == "goal":
        data |= {
            "key": obj.key,
            "title": obj.title,
            "description": obj.description,
            "field": refs.fields.get(obj.field_id),
        }
    elif kind == "measure":
        data |= {
            "key": obj.key,
            "title": obj.title,
            "field": refs.fields.get(obj.field_id),
            "summary": obj.summary,
            "description": obj.description,
            "life_areas": refs.keys("life_areas", links.get("life_areas", [])),
            "goals": refs.keys("goals", links.get("goals", [])),
            "benefit_citizens": obj.benefit_citizens,
            "benefit_administration": obj.benefit_administration,
            "prerequisites": list(obj.prerequisites or []),
            "effort": obj.effort,
            "cost_band": obj.cost_band,
            "start_year": obj.start_year,
            "end_year": obj.end_year,
            "duration_months": obj.duration_months,
            "responsible_role": obj.responsible_role,
            "depends_on": refs.keys("measures", links.get("depends_on", [])),
            "references": list(obj.references or []),
            "tags": list(obj.tags or []),
            "raises_criteria": list(obj.raises_criteria or []),
            "weight": decimal_text(obj.weight),
        }
    elif kind == "indicator":
        data |= {
            "measure": refs.measures.get(obj.measure_id),
            "name": obj.name,
            "unit": obj.unit,
            "baseline": decimal_text(obj.baseline),
            "target": decimal_text(obj.target),
            "direction": obj.direction,
        }
    elif kind == "milestone":
        data |= {
            "measure": refs.measures.get(obj.measure_id),
            "title": obj.title,
            "months_after_start": obj.months_after_start,
            "due_date": date_text(obj.due_date),
        }
    else:  # pragma: no cover - the registry has no other kinds
        raise ValueError(kind)
    if kind not in {"indicator", "milestone"}:
        data |= _common(obj)
    data["order"] = obj.order
    return data


def serialize_strategy(strategy) -> dict:
    owner = strategy.network or strategy.municipality
    return {
        "uuid": str(strategy.uuid),
        "slug": strategy.slug,
        "owner": {
            "kind": "network" if strategy.network_id else "municipality",
            "key": strategy.network.slug if strategy.network_id else strategy.municipality.ags,
            "name": owner.name if owner else "",
        },
        "title": strategy.title,
        "slogan": strategy.slogan,
        "vision": strategy.vision,
        "preamble": strategy.preamble,
        "reconstruction_notice": strategy.reconstruction_notice,
        "status": strategy.status,
        "adopted_body": strategy.adopted_body,
        "adopted_on": date_text(strategy.adopted_on),
        "adopted_reference": strategy.adopted_reference,
        "adopted_note": strategy.adopted_note,
        "sources": list(strategy.sources or []),
    }


def refs_for(content) -> Refs:
    return Refs(
        fields={item.pk: item.key for item in content.fields},
        life_areas={item.pk: item.key for item in content.life_areas},
        goals={item.pk: item.key for item in content.goals},
        measures={item.pk: item.key for item in content.measures},
    )


def build_snapshot(content) -> dict:
    """The content of a strategy (`selectors.strategy_content(children=True)`) as plain JSON."""
    refs = refs_for(content)
    measures = []
    for measure in content.measures:
        links = {
            "life_areas": [item.pk for item in measure.life_area_list],
            "goals": [item.pk for item in measure.goal_list],
            "depends_on": [item.pk for item in measure.depends_on_list],
        }
        measures.append(serialize_item("measure", measure, refs, links))
    measure_order = {measure.pk: index for index, measure in enumerate(content.measures)}

    def child_order(item):
        return (measure_order.get(item.measure_id, 0), item.order, item.pk)

    return {
        "format": SNAPSHOT_FORMAT,
        "strategy": serialize_strategy(content.strategy),
        "values": [serialize_item("value", item, refs) for item in content.values],
        "life_areas": [serialize_item("life_area", item, refs) for item in content.life_areas],
        "fields": [serialize_item("field", item, refs) for item in content.fields],
        "goals": [serialize_item("goal", item, refs) for item in content.goals],
        "measures": measures,
        "indicators": [
            serialize_item("indicator", item, refs)
            for item in sorted(content.indicators, key=child_order)
        ],
        "milestones": [
            serialize_item("milestone", item, refs)
            for item in sorted(content.milestones, key=child_order)
        ],
    }


def content_of(snapshot: dict) -> dict:
    """The snapshot without what does not belong to the content (for "has anything changed?")."""
    return {key: value for key, value in snapshot.items() if key != "format"}
