"""Load a criteria set from its JSON file (`data/criteria_v<n>.json`). Idempotent.

A set that answers already refer to is never changed: its meaning is frozen, a new meaning
needs a new file with a new version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import Assessment, CriteriaSet, Criterion

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_FILE = DATA_DIR / "criteria_v1.json"

__all__ = ["CriteriaLoadResult", "criteria_load"]


@dataclass
class CriteriaLoadResult:
    criteria_set: CriteriaSet
    created: int = 0
    updated: int = 0
    frozen: bool = False


def _criterion_values(row: dict, order: int) -> dict:
    return {
        "field": row["field"],
        "title": row["title"],
        "question": row["question"],
        "help": row.get("help", ""),
        "levels": row["levels"],
        "source_ids": row.get("source_ids", []),
        "order": order,
    }


@transaction.atomic
def criteria_load(path: Path | str = DEFAULT_FILE) -> CriteriaLoadResult:
    """Create or refresh the criteria set of `path`; running it twice changes nothing."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    set_values = {
        "title": data["title"],
        "description": data.get("description", ""),
        "fields": data.get("fields", []),
        "scale": data.get("scale", []),
        "sources": data.get("sources", []),
    }
    criteria_set, created = CriteriaSet.objects.get_or_create(
        key=data["key"], set_version=data["version"], defaults=set_values
    )
    result = CriteriaLoadResult(criteria_set=criteria_set)
    if not created and Assessment.all_objects.filter(criteria_set=criteria_set).exists():
        result.frozen = True  # answers refer to it: the meaning must not change
        return result
    if not created and any(getattr(criteria_set, k) != v for k, v in set_values.items()):
        for name, value in set_values.items():
            setattr(criteria_set, name, value)
        criteria_set.save()
    existing = {c.code: c for c in Criterion.objects.filter(criteria_set=criteria_set)}
    for order, row in enumerate(data["criteria"], start=1):
        values = _criterion_values(row, order)
        criterion = existing.get(row["id"])
        if criterion is None:
            Criterion.objects.create(criteria_set=criteria_set, code=row["id"], **values)
            result.created += 1
        elif any(getattr(criterion, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(criterion, name, value)
            criterion.save()
            result.updated += 1
    return result
