"""Titles of the self-check criteria (A1 … D6) that measures name as prerequisite or effect.

The assessments app will own the criteria; until then the strategy pages read the ids and
titles from its shipped data file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CRITERIA_FILE = Path(__file__).resolve().parent.parent / "assessments" / "data" / "criteria_v1.json"


@dataclass(frozen=True)
class CriterionRef:
    id: str
    title: str
    field: str


@cache
def criteria() -> dict[str, CriterionRef]:
    """All criteria by id, in file order; empty when the file is missing or unreadable."""
    try:
        data = json.loads(CRITERIA_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {
        row["id"]: CriterionRef(
            id=row["id"], title=row.get("title", ""), field=row.get("field", "")
        )
        for row in data.get("criteria", [])
        if isinstance(row, dict) and "id" in row
    }


def criterion_title(criterion_id: str) -> str:
    found = criteria().get(criterion_id)
    return found.title if found else ""
