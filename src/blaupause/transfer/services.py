"""Writes of the transfer app: adopting a blueprint version, recording regional adaptations,
deciding on upstream changes. Each checks the permission with rules and records an audit event.
"""

from __future__ import annotations

import contextvars
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simple_history.utils import bulk_create_with_history

from blaupause.core.audit import audit_record
from blaupause.strategies import hooks
from blaupause.strategies import services as strategy_services
from blaupause.strategies.items import kind_for
from blaupause.strategies.models import (
    FieldOfAction,
    Goal,
    Indicator,
    LifeArea,
    Measure,
    Milestone,
    Strategy,
    StrategyVersion,
    Value,
)
from blaupause.strategies.services._base import german_slug

from . import lineage
from .models import Adaptation, Adoption, ItemOrigin, UpstreamDecision
from .selectors import pending_changes

__all__ = [
    "ADOPT_DENIED",
    "adaptation_record",
    "adoption_mark_synced",
    "blueprint_adopt",
    "upstream_decide",
]

ADOPT_DENIED = gettext_lazy(
    "Nur die Koordination des Netzwerks und die Regionaladministration können eine Blaupause "
    "für dieses Netzwerk übernehmen."
)

#: Set while the sync writes through the item services: those writes are no adaptations.
_applying_upstream: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "applying_upstream", default=False
)

_MODELS = {
    "value": Value,
    "life_area": LifeArea,
    "field": FieldOfAction,
    "goal": Goal,
    "measure": Measure,
    "indicator": Indicator,
    "milestone": Milestone,
}


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- reason hook and adaptations ---------------------------------------------------------------


def reason_needed(strategy, action: str) -> bool:
    """Changes of an adopted strategy need a reason; restoring a deleted item does not."""
    if action == hooks.RESTORED or strategy is None or strategy.pk is None:
        return False
    cached = getattr(strategy, "_transfer_adopted", None)
    if cached is None:
        cached = Adoption.objects.filter(strategy_id=strategy.pk).exists()
        strategy._transfer_adopted = cached
    return cached


def reason_help(strategy) -> str:
    return str(
        gettext_lazy(
            "Diese Strategie wurde aus einer Blaupause übernommen. Begründen Sie jede "
            "Abweichung kurz, z. B. „Kreis Höxter: kein eigenes Rechenzentrum, daher …“. Der "
            "Grund erscheint auf der Seite „Was wir geändert haben“."
        )
    )


def _strategy_id_of(item) -> int:
    if hasattr(item, "measure_id"):
        return item.measure.strategy_id
    return item.strategy_id


def adaptation_record(*, sender=None, item, kind, action, actor, fields=(), reason="", **kwargs):
    """Receiver of `strategies.signals.item_changed`: a change of an adopted strategy becomes
    an `Adaptation` with its reason (not when the change comes from the blueprint itself)."""
    if _applying_upstream.get():
        return None
    adoption = Adoption.objects.filter(strategy_id=_strategy_id_of(item)).first()
    if adoption is None:
        return None
    origin = ItemOrigin.objects.filter(adoption=adoption, item_uuid=item.uuid).first()
    adaptation = Adaptation.objects.create(
        adoption=adoption,
        origin=origin,
        kind=kind.name,
        item_uuid=item.uuid,
        action=action,
        fields=list(fields),
        reason=reason,
        actor=_person(actor),
    )
    audit_record(
        actor=_person(actor),
        verb="adaptation.recorded",
        target=adoption.strategy,
        data={"kind": kind.name, "item": str(item.uuid), "action": action, "fields": fields},
    )
    return adaptation


# --- adopt -------------------------------------------------------------------------------------


def _decimal(value):
    return Decimal(value) if value not in (None, "") else None


def _common(row: dict) -> dict:
    return {
        "derived": bool(row.get("derived", False)),
        "source_ids": list(row.get("source_ids") or []),
    }


def _measure_values(row: dict) -> dict:
    return {
        "key": row["key"],
        "title": row["title"],
        "summary": row.get("summary") or "",
        "description": row.get("description") or "",
        "benefit_citizens": row.get("benefit_citizens") or "",
        "benefit_administration": row.get("benefit_administration") or "",
        "prerequisites": list(row.get("prerequisites") or []),
        "effort": row.get("effort") or "",
        "cost_band": row.get("cost_band") or "",
        "start_year": row.get("start_year"),
        "end_year": row.get("end_year"),
        "duration_months": row.get("duration_months"),
        "responsible_role": row.get("responsible_role") or "",
        "references": list(row.get("references") or []),
        "tags": list(row.get("tags") or []),
        "raises_criteria": list(row.get("raises_criteria") or []),
        "weight": _decimal(row.get("weight")) or Decimal(1),
        **_common(row),
    }


def _plain_values(kind: str, row: dict) -> dict:
    """The model values of a snapshot item, without references."""
    if kind == "value":
        return {
            "key": row["key"],
            "title": row["title"],
            "explanation": row.get("explanation") or "",
            **_common(row),
        }
    if kind == "life_area":
        return {"key": row["key"], "title": row["title"], **_common(row)}
    if kind in {"field", "goal"}:
        return {
            "key": row["key"],
            "title": row["title"],
            "description": row.get("description") or "",
            **_common(row),
        }
    if kind == "measure":
        return _measure_values(row)
    if kind == "indicator":
        return {
            "name": row["name"],
            "unit": row.get("unit") or "",
            "baseline": _decimal(row.get("baseline")),
            "target": _decimal(row.get("target")),
            "direction": row.get("direction") or "increase",
        }
    if kind == "milestone":
        due = row.get("due_date")
        return {
            "title": row["title"],
            "months_after_start": row.get("months_after_start"),
            "due_date": date.fromisoformat(due) if due else None,
        }
    raise ValueError(kind)  # pragma: no cover


@transaction.atomic
def blueprint_adopt(*, actor, network, version: StrategyVersion, title: str = "") -> Strategy:
    """Copy a published blueprint version into a new draft strategy of `network`, keeping the
    origin of every item. Allowed for the network's coordination and regional admins.

    The copy is built from the version's snapshot, never from the live rows of the blueprint.
    """
    if actor is not None and not actor.has_perm("transfer.adopt_blueprint", network):
        raise PermissionDenied(ADOPT_DENIED)
    source = version.strategy
    if not source.is_blueprint or source.deleted_at is not None:
        raise ValidationError({"version": [_("Diese Strategie ist keine Blaupause.")]})
    if source.network_id == network.pk:
        raise ValidationError(
            {"version": [_("Ein Netzwerk kann seine eigene Blaupause nicht übernehmen.")]}
        )
    snapshot = version.snapshot
    head = snapshot["strategy"]
    title = (title or "").strip() or head["title"]
    wanted = german_slug(f"{network.slug} {source.slug}")[:90]
    slug = wanted if not Strategy.all_objects.filter(slug=wanted).exists() else ""
    strategy = strategy_services.strategy_create(
        actor=actor,
        title=title,
        network=network,
        slug=slug,
        slogan=head.get("slogan") or "",
        vision=head.get("vision") or "",
        builds_on=source,
    )
    strategy_services.strategy_update(
        actor=actor,
        strategy=strategy,
        values={
            "preamble": head.get("preamble") or "",
            "reconstruction_notice": head.get("reconstruction_notice") or "",
            "sources": list(head.get("sources") or []),
        },
        expected_version=strategy.version,
    )
    adoption = Adoption.objects.create(
        strategy=strategy,
        source=source,
        source_version=version,
        synced_version=version,
        adopted_by=_person(actor),
    )
    counts = _copy_items(
        snapshot, strategy=strategy, adoption=adoption, version=version, actor=actor
    )
    audit_record(
        actor=_person(actor),
        verb="blueprint.adopted",
        target=strategy,
        data={"source": source.slug, "version": version.number, **counts},
    )
    return strategy


def _copy_items(snapshot, *, strategy, adoption, version, actor) -> dict[str, int]:
    user = _person(actor)
    reason = _("aus der Blaupause „%(title)s“ Version %(n)d übernommen") % {
        "title": version.strategy.title,
        "n": version.number,
    }
    origins: list[ItemOrigin] = []

    def bulk(kind: str, rows, make):
        objects = [make(row) for row in rows]
        for order, (obj, row) in enumerate(zip(objects, rows, strict=True)):
            obj.order = row.get("order", order)
        created = bulk_create_with_history(
            objects, _MODELS[kind], default_user=user, default_change_reason=reason
        )
        for obj, row in zip(created, rows, strict=True):
            origins.append(
                ItemOrigin(
                    adoption=adoption,
                    kind=kind,
                    item_uuid=obj.uuid,
                    source_uuid=row["uuid"],
                    base=row,
                    base_version=version.number,
                )
            )
        return created

    def by_key(objects):
        return {obj.key: obj for obj in objects}

    bulk(
        "value", snapshot["values"], lambda r: Value(strategy=strategy, **_plain_values("value", r))
    )
    areas = by_key(
        bulk(
            "life_area",
            snapshot["life_areas"],
            lambda r: LifeArea(strategy=strategy, **_plain_values("life_area", r)),
        )
    )
    fields = by_key(
        bulk(
            "field",
            snapshot["fields"],
            lambda r: FieldOfAction(strategy=strategy, **_plain_values("field", r)),
        )
    )
    goals = by_key(
        bulk(
            "goal",
            snapshot["goals"],
            lambda r: Goal(
                strategy=strategy, field=fields.get(r.get("field")), **_plain_values("goal", r)
            ),
        )
    )
    measures = _copy_measures(
        snapshot["measures"],
        strategy=strategy,
        fields=fields,
        areas=areas,
        goals=goals,
        user=user,
        reason=reason,
    )
    for measure, row in zip(measures, snapshot["measures"], strict=True):
        origins.append(
            ItemOrigin(
                adoption=adoption,
                kind="measure",
                item_uuid=measure.uuid,
                source_uuid=row["uuid"],
                base=row,
                base_version=version.number,
            )
        )
    measure_by_key = by_key(measures)
    indicators = [r for r in snapshot["indicators"] if r.get("measure") in measure_by_key]
    milestones = [r for r in snapshot["milestones"] if r.get("measure") in measure_by_key]
    bulk(
        "indicator",
        indicators,
        lambda r: Indicator(measure=measure_by_key[r["measure"]], **_plain_values("indicator", r)),
    )
    bulk(
        "milestone",
        milestones,
        lambda r: Milestone(measure=measure_by_key[r["measure"]], **_plain_values("milestone", r)),
    )
    ItemOrigin.objects.bulk_create(origins)
    return {
        "values": len(snapshot["values"]),
        "life_areas": len(areas),
        "fields": len(fields),
        "goals": len(goals),
        "measures": len(measures),
        "indicators": len(indicators),
        "milestones": len(milestones),
    }


def _copy_measures(rows, *, strategy, fields, areas, goals, user, reason) -> list[Measure]:
    """Measures in bulk, their links in bulk, then exactly one history row each (with links)."""
    measures = [
        Measure(
            strategy=strategy,
            field=fields[row["field"]],
            order=row.get("order", order),
            **_plain_values("measure", row),
        )
        for order, row in enumerate(rows)
    ]
    measures = Measure.objects.bulk_create(measures)
    if any(measure.pk is None for measure in measures):  # pragma: no cover - old databases
        measures = list(Measure.objects.filter(strategy=strategy).order_by("order", "id"))
    by_key = {measure.key: measure for measure in measures}
    area_rows, goal_rows, dependency_rows = [], [], []
    for measure, row in zip(measures, rows, strict=True):
        area_rows += [
            Measure.life_areas.through(measure_id=measure.pk, lifearea_id=areas[key].pk)
            for key in row.get("life_areas") or []
            if key in areas
        ]
        goal_rows += [
            Measure.goals.through(measure_id=measure.pk, goal_id=goals[key].pk)
            for key in row.get("goals") or []
            if key in goals
        ]
        dependency_rows += [
            Measure.depends_on.through(from_measure_id=measure.pk, to_measure_id=by_key[key].pk)
            for key in row.get("depends_on") or []
            if key in by_key
        ]
    Measure.life_areas.through.objects.bulk_create(area_rows)
    Measure.goals.through.objects.bulk_create(goal_rows)
    Measure.depends_on.through.objects.bulk_create(dependency_rows)
    for measure in measures:
        measure._history_user = user
        measure._change_reason = reason
        measure.save(update_fields=["updated_at"])  # the one history row, with all links
    Measure.history.filter(id__in=[m.pk for m in measures]).update(history_type="+")
    return measures


# --- upstream sync -----------------------------------------------------------------------------


def _require_change(actor, strategy) -> None:
    if actor is not None and not actor.has_perm("strategies.change_strategy", strategy):
        raise PermissionDenied(strategy_services.CHANGE_DENIED)


class _Resolver:
    """Finds the local copy of upstream items (by key of the newest upstream version)."""

    def __init__(self, adoption: Adoption, upstream_snapshot: dict):
        self.strategy = adoption.strategy
        self.item_of_source = dict(
            ItemOrigin.objects.filter(adoption=adoption).values_list("source_uuid", "item_uuid")
        )
        self.item_of_source = {str(k): v for k, v in self.item_of_source.items()}
        self.upstream_uuid = {
            (section, item.get("key")): item["uuid"]
            for section, _title in lineage.SECTIONS
            for item in upstream_snapshot.get(section, [])
            if item.get("key")
        }

    def local(self, section: str, key):
        if key in (None, ""):
            return None
        source_uuid = self.upstream_uuid.get((section, key))
        item_uuid = self.item_of_source.get(source_uuid) if source_uuid else None
        model = _MODELS[lineage.KIND_OF_SECTION[section]]
        if item_uuid is not None:
            return model.objects.filter(uuid=item_uuid).first()
        # An item the adopter added with the same key.
        return model.objects.filter(strategy=self.strategy, key=key).first()

    def many(self, section: str, keys) -> list:
        found = [self.local(section, key) for key in keys or []]
        return [item for item in found if item is not None]


def _field_value(kind: str, name: str, upstream: dict, resolver: _Resolver):
    if name == "field":
        return resolver.local("fields", upstream.get("field"))
    return _plain_values(kind, {**_defaults(kind), **upstream})[name]


def _defaults(kind: str) -> dict:
    if kind == "indicator":
        return {"name": ""}
    return {"key": "", "title": ""}


ACCEPT, IGNORE = "accept", "ignore"


@transaction.atomic
def upstream_decide(
    *,
    actor,
    adoption: Adoption,
    source_uuid: str,
    decision: str,
    choices: dict[str, str] | None = None,
    expected_version: int | None = None,
) -> UpstreamDecision:
    """Accept or ignore one upstream change of the newest blueprint version; editors of the
    adopted strategy only.

    Accepting takes the upstream value of every field the adopter left as it was; a field both
    sides changed takes the side named in `choices[field]` ("upstream" or "local") and is
    refused without one. Nothing local is overwritten silently. Writes go through the item
    services (EditConflict when the item changed since the page was shown).
    """
    strategy = adoption.strategy
    _require_change(actor, strategy)
    if decision not in {ACCEPT, IGNORE}:
        raise ValidationError(_("Bitte wählen Sie „übernehmen“ oder „nicht übernehmen“."))
    latest, changes = pending_changes(adoption)
    change = next((c for c in changes if c.source_uuid == str(source_uuid)), None)
    if change is None:
        raise ValidationError(
            _("Zu dieser Änderung ist schon entschieden worden, oder es gibt sie nicht mehr.")
        )
    choices = choices or {}
    reason = _("Änderung der Blaupause Version %(n)d übernommen") % {"n": latest.number}
    token = _applying_upstream.set(True)
    try:
        if change.change == lineage.CHANGED:
            outcome, fields = _decide_changed(
                actor, adoption, change, decision, choices, latest, reason, expected_version
            )
        elif change.change == lineage.ADDED:
            outcome, fields = _decide_added(actor, adoption, change, decision, latest, reason)
        else:
            outcome, fields = _decide_removed(actor, change, decision, latest)
    finally:
        _applying_upstream.reset(token)
    record = UpstreamDecision.objects.create(
        adoption=adoption,
        kind=change.kind,
        source_uuid=change.source_uuid,
        version_number=latest.number,
        outcome=outcome,
        fields=fields,
        actor=_person(actor),
    )
    audit_record(
        actor=_person(actor),
        verb="upstream.decided",
        target=strategy,
        data={
            "kind": change.kind,
            "source": change.source_uuid,
            "version": latest.number,
            "outcome": outcome,
            "fields": fields,
        },
    )
    _advance_if_done(adoption, latest)
    return record


def _decide_changed(actor, adoption, change, decision, choices, latest, reason, expected_version):
    origin = ItemOrigin.objects.get(adoption=adoption, source_uuid=change.source_uuid)
    fields: dict[str, str] = {"change": "changed"}
    if decision == IGNORE:
        for state in change.fields:
            fields[state.name] = "local"
        outcome = UpstreamDecision.Outcome.IGNORED
    else:
        missing = [
            state.name
            for state in change.conflicts
            if choices.get(state.name) not in {"upstream", "local"}
        ]
        if missing:
            raise ValidationError(
                {name: [_("Bitte wählen Sie, welche Fassung gelten soll.")] for name in missing}
            )
        take = [s.name for s in change.clean] + [
            s.name for s in change.conflicts if choices[s.name] == "upstream"
        ]
        for state in change.fields:
            fields[state.name] = "upstream" if state.name in take else "local"
        if take:
            _apply_upstream(actor, origin, change, take, latest, reason, expected_version)
        kept = any(choices.get(s.name) == "local" for s in change.conflicts)
        outcome = UpstreamDecision.Outcome.MERGED if kept else UpstreamDecision.Outcome.ACCEPTED
    origin.base = change.upstream
    origin.base_version = latest.number
    origin.save(update_fields=["base", "base_version"])
    return outcome, fields


def _apply_upstream(actor, origin, change, take, latest, reason, expected_version):
    model = _MODELS[change.kind]
    item = model.all_objects.filter(uuid=origin.item_uuid).first()
    if item is None:
        raise ValidationError(_("Den übernommenen Eintrag gibt es nicht mehr."))
    kind = kind_for(item)
    resolver = _Resolver(origin.adoption, latest.snapshot)
    values, links = {}, {}
    for name in take:
        if name in kind.links:
            section = lineage.REFERENCES[name]
            links[name] = resolver.many(section, change.upstream.get(name))
        elif name in kind.fields:
            values[name] = _field_value(change.kind, name, change.upstream, resolver)
    if not values and not links:
        return
    strategy_services.item_update(
        actor=actor,
        item=item,
        values=values,
        links=links or None,
        expected_version=expected_version if expected_version is not None else item.version,
        reason=reason,
    )


def _decide_added(actor, adoption, change, decision, latest, reason):
    fields = {"change": "added"}
    if decision == IGNORE:
        return UpstreamDecision.Outcome.IGNORED, fields
    resolver = _Resolver(adoption, latest.snapshot)
    kind = kind_for(change.kind)
    upstream = change.upstream
    values = {name: _field_value(change.kind, name, upstream, resolver) for name in kind.fields}
    links = {
        name: resolver.many(lineage.REFERENCES[name], upstream.get(name)) for name in kind.links
    }
    measure = None
    if change.kind in {"indicator", "milestone"}:
        measure = resolver.local("measures", upstream.get("measure"))
        if measure is None:
            raise ValidationError(
                _("Übernehmen Sie zuerst die Maßnahme „%(key)s“.")
                % {"key": upstream.get("measure")}
            )
    item = strategy_services.item_create(
        actor=actor,
        strategy=adoption.strategy,
        kind=kind,
        values=values,
        links=links or None,
        measure=measure,
        reason=reason,
    )
    ItemOrigin.objects.create(
        adoption=adoption,
        kind=change.kind,
        item_uuid=item.uuid,
        source_uuid=change.source_uuid,
        base=upstream,
        base_version=latest.number,
    )
    return UpstreamDecision.Outcome.ACCEPTED, fields


def _decide_removed(actor, change, decision, latest):
    fields = {"change": "removed"}
    if decision == IGNORE or change.local_deleted:
        return UpstreamDecision.Outcome.IGNORED, fields
    item = _MODELS[change.kind].objects.filter(uuid=change.item_uuid).first()
    if item is not None:
        strategy_services.item_delete(
            actor=actor,
            item=item,
            reason=_("In Version %(n)d der Blaupause entfernt") % {"n": latest.number},
        )
    return UpstreamDecision.Outcome.ACCEPTED, fields


def _advance_if_done(adoption: Adoption, latest: StrategyVersion) -> None:
    _latest, remaining = pending_changes(adoption, latest)
    if not remaining:
        adoption.synced_version = latest
        adoption.save(update_fields=["synced_version", "updated_at"])


@transaction.atomic
def adoption_mark_synced(*, actor, adoption: Adoption) -> None:
    """Mark the newest blueprint version as reviewed once nothing is left to decide."""
    _require_change(actor, adoption.strategy)
    latest, remaining = pending_changes(adoption)
    if remaining:
        raise ValidationError(_("Es sind noch Änderungen der Blaupause zu prüfen."))
    if latest is not None and latest.number > adoption.synced_version.number:
        adoption.synced_version = latest
        adoption.save(update_fields=["synced_version", "updated_at"])
        audit_record(
            actor=_person(actor),
            verb="upstream.synced",
            target=adoption.strategy,
            data={"version": latest.number, "at": timezone.now().isoformat()},
        )
