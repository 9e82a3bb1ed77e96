"""Shipped reference blueprints (`data/<key>.json`, format in `data/README.md`).

`blueprint_load("lippe")` checks the file completely, then creates the strategy with all its
items and links for the network named in the file, in the status the file gives (with the
decision as far as it is known), marked as blueprint, and publishes it as version 1 — all in
one transaction. It is idempotent: when the strategy exists, nothing at all is written (no
rows, no history, no audit lines), so later edits in the application survive a second run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from simple_history.utils import bulk_create_with_history

from blaupause.regions.models import Network

from .blueprint_checks import validate_blueprint
from .models import (
    FieldOfAction,
    Goal,
    Indicator,
    LifeArea,
    Measure,
    Milestone,
    Strategy,
    StrategyStatusChange,
    Value,
)
from .services._base import audit, german_slug, person
from .services.strategies import strategy_publish

DATA_DIR = Path(__file__).resolve().parent / "data"
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class BlueprintError(Exception):
    """The blueprint cannot be loaded; `problems` lists every reason in German."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class BlueprintResult:
    strategy: Strategy
    created: bool
    counts: dict[str, int] = field(default_factory=dict)


def available_blueprints() -> list[str]:
    return sorted(path.stem for path in DATA_DIR.glob("*.json"))


def read_blueprint(key: str) -> dict:
    """The parsed file of blueprint `key`; BlueprintError when unknown or not JSON."""
    if not isinstance(key, str) or not _KEY.match(key) or not (DATA_DIR / f"{key}.json").is_file():
        raise BlueprintError(
            _("Unbekannte Blaupause „%(key)s“. Verfügbar: %(keys)s.")
            % {"key": key, "keys": ", ".join(available_blueprints()) or "–"}
        )
    path = DATA_DIR / f"{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise BlueprintError(
            _("Die Datei %(file)s ist nicht in UTF-8 gespeichert.") % {"file": path.name}
        ) from None
    except json.JSONDecodeError as exc:
        raise BlueprintError(
            _(
                "Die Datei %(file)s ist kein gültiges JSON "
                "(Zeile %(line)d, Spalte %(col)d: %(msg)s)."
            )
            % {"file": path.name, "line": exc.lineno, "col": exc.colno, "msg": exc.msg}
        ) from None
    if not isinstance(data, dict):
        raise BlueprintError(
            _("Die Datei %(file)s enthält kein JSON-Objekt.") % {"file": path.name}
        )
    return data


# --- loading -----------------------------------------------------------------------------------


def strategy_slug(data: dict) -> str:
    """'Lippe lebt Digitalisierung – Rahmenstrategie …' -> 'lippe-lebt-digitalisierung'."""
    return data.get("slug") or german_slug(data["title"].split(" – ")[0])


def _common(row: dict, order: int) -> dict[str, Any]:
    return {
        "key": row["key"],
        "title": row["title"],
        "order": order,
        "derived": bool(row.get("derived", False)),
        "source_ids": list(row.get("source_ids") or []),
    }


@transaction.atomic
def blueprint_load(key: str = "lippe", *, actor=None) -> BlueprintResult:
    """Create the strategy of blueprint `key` once; a second run changes nothing.

    Raises BlueprintError (German) when the file is unknown or broken, or when the network it
    belongs to does not exist yet.
    """
    data = read_blueprint(key)
    problems = validate_blueprint(data)
    if problems:
        raise BlueprintError(problems)
    slug = strategy_slug(data)
    existing = Strategy.all_objects.filter(slug=slug).select_related("network").first()
    if existing is not None:
        return BlueprintResult(strategy=existing, created=False)
    network = Network.objects.filter(slug=data["network"]).first()
    if network is None:
        raise BlueprintError(
            _(
                "Das Netzwerk „%(network)s“, zu dem die Blaupause gehört, gibt es noch nicht. "
                "Laden Sie zuerst die Demo-Inhalte der Regionen (blaupause demo)."
            )
            % {"network": data["network"]}
        )
    if actor is not None and not actor.has_perm("strategies.add_strategy", network):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    strategy, counts = _create(data, slug=slug, network=network, actor=actor)
    strategy_publish(
        actor=actor,
        strategy=strategy,
        note=_("Referenz-Blaupause „%(key)s“ aus den mitgelieferten Daten geladen.") % {"key": key},
    )
    audit(actor, "blueprint.loaded", strategy, strategy=strategy, data={"key": key, **counts})
    return BlueprintResult(strategy=strategy, created=True, counts=counts)


def _create(data: dict, *, slug: str, network: Network, actor) -> tuple[Strategy, dict]:
    user = person(actor)
    reason = _("aus der Blaupause geladen")
    adopted = data["adopted"]
    strategy = Strategy(
        slug=slug,
        title=data["title"],
        slogan=data["slogan"],
        vision=data["vision"],
        preamble=data["preamble"],
        reconstruction_notice=data["reconstruction_notice"],
        sources=data["sources"],
        provenance=data.get("provenance") or {},
        network=network,
        status=data["status"],
        adopted_body=adopted.get("body") or "",
        adopted_on=date.fromisoformat(adopted["date"]) if adopted.get("date") else None,
        adopted_reference=adopted.get("reference_url") or "",
        adopted_note=adopted.get("note") or "",
        is_blueprint=True,
        demo_progress=True,
    )
    strategy._history_user = user
    strategy._change_reason = reason
    strategy.save()
    StrategyStatusChange.objects.create(
        strategy=strategy,
        from_status="",
        to_status=data["status"],
        changed_by=user,
        note=adopted.get("note") or "",
    )

    def bulk(model, rows):
        return bulk_create_with_history(
            rows, model, default_user=user, default_change_reason=reason
        )

    values = bulk(
        Value,
        [
            Value(strategy=strategy, explanation=row.get("description", ""), **_common(row, i))
            for i, row in enumerate(data["values"])
        ],
    )
    life_areas = bulk(
        LifeArea,
        [
            LifeArea(strategy=strategy, **_common(row, i))
            for i, row in enumerate(data["life_areas"])
        ],
    )
    fields = bulk(
        FieldOfAction,
        [
            FieldOfAction(
                strategy=strategy, description=row.get("description", ""), **_common(row, i)
            )
            for i, row in enumerate(data["fields"])
        ],
    )
    field_by_key = {item.key: item for item in fields}
    goals = bulk(
        Goal,
        [
            Goal(
                strategy=strategy,
                field=field_by_key[row["field"]],
                description=row.get("description", ""),
                **_common(row, i),
            )
            for i, row in enumerate(data["goals"])
        ],
    )
    area_by_key = {item.key: item for item in life_areas}
    goal_by_key = {item.key: item for item in goals}
    measures = _create_measures(
        data["measures"],
        strategy=strategy,
        fields=field_by_key,
        areas=area_by_key,
        goals=goal_by_key,
        user=user,
        reason=reason,
    )
    indicators, milestones = [], []
    for measure, row in zip(measures, data["measures"], strict=True):
        for i, indicator in enumerate(row.get("indicators") or []):
            indicators.append(
                Indicator(
                    measure=measure,
                    order=i,
                    name=indicator["name"],
                    unit=indicator.get("unit") or "",
                    baseline=indicator.get("baseline"),
                    target=indicator.get("target"),
                    direction=indicator.get("direction") or "increase",
                )
            )
        for i, milestone in enumerate(row.get("milestones") or []):
            milestones.append(
                Milestone(
                    measure=measure,
                    order=i,
                    title=milestone["title"],
                    months_after_start=milestone.get("months_after_start"),
                )
            )
    bulk(Indicator, indicators)
    bulk(Milestone, milestones)
    counts = {
        "values": len(values),
        "life_areas": len(life_areas),
        "fields": len(fields),
        "goals": len(goals),
        "measures": len(measures),
        "indicators": len(indicators),
        "milestones": len(milestones),
    }
    return strategy, counts


def _create_measures(rows, *, strategy, fields, areas, goals, user, reason) -> list[Measure]:
    """Measures with their links and exactly one history row each (links included)."""
    measures = []
    for order, row in enumerate(rows):
        frame = row.get("time_frame") or {}
        measure = Measure(
            strategy=strategy,
            field=fields[row["field"]],
            order=order,
            key=row["key"],
            title=row["title"],
            summary=row.get("summary", ""),
            description=row.get("description", ""),
            benefit_citizens=row.get("benefit_citizens", ""),
            benefit_administration=row.get("benefit_administration", ""),
            prerequisites=row.get("prerequisites") or [],
            effort=row.get("effort", ""),
            cost_band=row.get("cost_band", ""),
            start_year=frame.get("start_year"),
            end_year=frame.get("end_year"),
            duration_months=frame.get("duration_months"),
            responsible_role=row.get("responsible_role", ""),
            references=row.get("references") or [],
            tags=row.get("tags") or [],
            raises_criteria=row.get("raises_criteria") or [],
            source_ids=row.get("source_ids") or [],
            derived=bool(row.get("derived", False)),
        )
        measure._history_user = user
        measure._change_reason = reason
        measure.skip_history_when_saving = True
        measure.save()
        measure.life_areas.set([areas[key] for key in row.get("life_areas") or []])
        measure.goals.set([goals[key] for key in row.get("goals") or []])
        measures.append(measure)
    by_key = {measure.key: measure for measure in measures}
    for measure, row in zip(measures, rows, strict=True):
        measure.depends_on.set([by_key[key] for key in row.get("depends_on") or []])
    for measure in measures:
        del measure.skip_history_when_saving
        measure.save(update_fields=["updated_at"])  # the one history row, with all links
    Measure.history.filter(id__in=[m.pk for m in measures]).update(history_type="+")
    return measures
