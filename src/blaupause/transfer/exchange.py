"""Exchange of blueprints between installations: export a published version as one file, check
a file, plan its import (dry run) and import it, all or nothing.

The file (format in `exchange_format.py`, documented in `docs/blueprint-format.md`) carries the
version snapshot of `strategies.snapshot` unchanged, so every item keeps its UUID in every
installation. Importing the same file again changes nothing; a file with a newer version of a
blueprint imported before brings its items up to that version and publishes it with the same
number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause import __version__
from blaupause.strategies.models import (
    FieldOfAction,
    Goal,
    Indicator,
    LifeArea,
    Measure,
    Milestone,
    Strategy,
    StrategyStatusChange,
    StrategyVersion,
    Value,
)
from blaupause.strategies.selectors import strategy_content
from blaupause.strategies.services._base import audit, person, save_changed, save_new
from blaupause.strategies.snapshot import SECTIONS as SNAPSHOT_SECTIONS
from blaupause.strategies.snapshot import build_snapshot

from . import rules_exchange  # noqa: F401  (registers the permissions)
from .exchange_format import (
    SCHEMA_ID,
    SCHEMA_VERSION,
    SECTIONS,
    STRATEGY,
    Problem,
    find_cycle,
    validate_file,
)

__all__ = [
    "ExchangeError",
    "ImportPlan",
    "ImportResult",
    "Problem",
    "export_blueprint",
    "import_blueprint",
    "plan_import",
    "validate_file",
]

#: Section of the file → model, in the order items are written (targets before links).
MODELS = {
    "values": Value,
    "life_areas": LifeArea,
    "fields": FieldOfAction,
    "goals": Goal,
    "measures": Measure,
    "indicators": Indicator,
    "milestones": Milestone,
}
SECTION_LABELS = {
    "values": gettext_lazy("Werte"),
    "life_areas": gettext_lazy("Lebensbereiche"),
    "fields": gettext_lazy("Handlungsfelder"),
    "goals": gettext_lazy("Ziele"),
    "measures": gettext_lazy("Maßnahmen"),
    "indicators": gettext_lazy("Kennzahlen"),
    "milestones": gettext_lazy("Meilensteine"),
}
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


class ExchangeError(Exception):
    """The file cannot be exported or imported; `problems` says why, in German."""

    def __init__(self, problems):
        self.problems = [problems] if isinstance(problems, str | Problem) else list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# --- export ------------------------------------------------------------------------------------


def export_blueprint(strategy: Strategy, version: int | StrategyVersion | None = None) -> dict:
    """The exchange file of a published version (the latest when `version` is None).

    Raises ExchangeError when the strategy belongs to no network or has no such version.
    """
    if not strategy.network_id:
        raise ExchangeError(
            _("Nur Rahmenstrategien eines Netzwerks können als Blaupause exportiert werden.")
        )
    if not isinstance(version, StrategyVersion):
        versions = StrategyVersion.objects.filter(strategy=strategy)
        if version is not None:
            versions = versions.filter(number=version)
        found = versions.order_by("-number").first()
        if found is None:
            raise ExchangeError(
                _("Version %(n)s gibt es nicht.") % {"n": version}
                if version is not None
                else _("Die Strategie hat noch keine veröffentlichte Version.")
            )
        version = found
    snapshot = version.snapshot
    network = strategy.network
    head = {name: value for name, value in snapshot["strategy"].items() if name in STRATEGY}
    head["provenance"] = dict(strategy.provenance or {})
    head["network"] = {
        "slug": network.slug,
        "name": network.name,
        "region": (
            {"slug": network.region.slug, "name": network.region.name}
            if network.region_id
            else None
        ),
    }
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "generator": {"name": "Blaupause", "version": __version__},
        "strategy": head,
        "version": {
            "number": version.number,
            "published_at": version.published_at.isoformat(),
            "note": version.note,
        },
        "content": {name: snapshot.get(name, []) for name, _label in SNAPSHOT_SECTIONS},
    }


def export_filename(strategy: Strategy, number: int) -> str:
    return f"{strategy.slug}-v{number}.blaupause.json"


# --- plan --------------------------------------------------------------------------------------


@dataclass
class ImportPlan:
    """What an import of one file into one network would do (nothing is written)."""

    problems: list[Problem] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    action: str = ""
    title: str = ""
    slug: str = ""
    version: int = 0
    current_version: int | None = None
    strategy: Strategy | None = None
    #: section → {"create": n, "update": n, "unchanged": n, "delete": n}
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    message: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and not self.conflicts

    @property
    def changes(self) -> bool:
        return self.ok and self.action in {CREATE, UPDATE}

    @property
    def rows(self) -> list[dict]:
        """Counts per kind for a table, in file order."""
        return [{"label": SECTION_LABELS[name], **self.counts.get(name, {})} for name in SECTIONS]

    def reasons(self) -> list[str]:
        return [str(problem) for problem in self.problems] + list(self.conflicts)


def _items_by_uuid(data: dict) -> dict[str, dict[str, dict]]:
    return {
        section: {row["uuid"].lower(): row for row in data["content"][section]}
        for section in SECTIONS
    }


def plan_import(data: Any, *, target_network) -> ImportPlan:
    """The dry run of an import: problems of the file, conflicts with this installation, and
    per kind how many items would be created, changed, kept or removed."""
    plan = ImportPlan(problems=validate_file(data))
    if plan.problems:
        return plan
    head, number = data["strategy"], data["version"]["number"]
    plan.title, plan.slug, plan.version = head["title"], head["slug"], number
    existing = Strategy.all_objects.select_related("network").filter(uuid=head["uuid"]).first()
    rows = _items_by_uuid(data)
    if existing is None:
        plan.action = CREATE
        plan.counts = {
            name: {CREATE: len(items), UPDATE: 0, UNCHANGED: 0, "delete": 0}
            for name, items in rows.items()
        }
        taken = Strategy.all_objects.filter(slug=head["slug"]).first()
        if taken is not None:
            plan.conflicts.append(
                _(
                    "Der Kurzname „%(slug)s“ gehört hier schon zu einer anderen Strategie "
                    "(„%(title)s“)."
                )
                % {"slug": head["slug"], "title": taken.title}
            )
    else:
        plan.strategy = existing
        plan.current_version = StrategyVersion.objects.filter(strategy=existing).aggregate(
            top=Max("number")
        )["top"]
        if existing.network_id != target_network.pk:
            plan.conflicts.append(
                _(
                    "Diese Blaupause gibt es hier schon im Netzwerk „%(network)s“; sie kann nur "
                    "dort aktualisiert werden."
                )
                % {"network": existing.network.name if existing.network_id else "–"}
            )
        if (
            existing.slug != head["slug"]
            and Strategy.all_objects.filter(slug=head["slug"]).exists()
        ):
            plan.conflicts.append(
                _("Der Kurzname „%(slug)s“ gehört hier schon zu einer anderen Strategie.")
                % {"slug": head["slug"]}
            )
        if plan.current_version is not None and number <= plan.current_version:
            plan.action = UNCHANGED
            plan.message = _(
                "Version %(file)d dieser Blaupause ist hier schon vorhanden (aktuell: Version "
                "%(current)d). Es ändert sich nichts."
            ) % {"file": number, "current": plan.current_version}
            return plan
        plan.action = UPDATE
        plan.counts = _update_counts(existing, rows)
    plan.conflicts += _foreign_uuids(rows, existing)
    return plan


def _update_counts(strategy: Strategy, rows: dict[str, dict[str, dict]]) -> dict:
    live = build_snapshot(strategy_content(strategy=strategy, children=True))
    counts = {}
    for name, items in rows.items():
        current = {row["uuid"].lower(): row for row in live[name]}
        counts[name] = {
            CREATE: sum(1 for key in items if key not in current),
            UPDATE: sum(1 for key, row in items.items() if key in current and current[key] != row),
            UNCHANGED: sum(1 for key, row in items.items() if current.get(key) == row),
            "delete": sum(1 for key in current if key not in items),
        }
    return counts


def _foreign_uuids(rows: dict[str, dict[str, dict]], existing: Strategy | None) -> list[str]:
    """Items of the file whose UUID belongs here to an item of another strategy."""
    conflicts = []
    for name, model in MODELS.items():
        uuids = list(rows[name])
        if not uuids:
            continue
        found = model.all_objects.filter(uuid__in=uuids)
        if existing is not None:
            lookup = "measure__strategy" if name in {"indicators", "milestones"} else "strategy"
            found = found.exclude(**{lookup: existing})
        for item_uuid in found.values_list("uuid", flat=True)[:5]:
            conflicts.append(
                _("%(kind)s mit der UUID %(uuid)s gehört hier schon zu einer anderen Strategie.")
                % {"kind": SECTION_LABELS[name], "uuid": item_uuid}
            )
    return conflicts


# --- import ------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    plan: ImportPlan
    strategy: Strategy | None = None
    version: StrategyVersion | None = None

    @property
    def changed(self) -> bool:
        return self.version is not None


def import_blueprint(data: Any, *, actor, target_network, dry_run: bool = False) -> ImportResult:
    """Import an exchange file into `target_network`, all or nothing; `actor=None` is the system.

    Allowed for the network's coordination and the regional admins of its region. Raises
    ExchangeError with every problem or conflict; nothing is written then, nor on a dry run,
    nor when the file's version is already here.
    """
    if actor is not None and not actor.has_perm("transfer.import_blueprint", target_network):
        raise PermissionDenied(
            _(
                "Nur die Koordination des Netzwerks und die Regionaladministration können "
                "Blaupausen in dieses Netzwerk importieren."
            )
        )
    try:
        with transaction.atomic():
            plan = plan_import(data, target_network=target_network)
            if not plan.ok:
                raise ExchangeError(plan.reasons())
            if plan.strategy is not None and actor is not None:
                if not actor.has_perm("strategies.change_strategy", plan.strategy):
                    raise PermissionDenied
            if dry_run or not plan.changes:
                return ImportResult(plan=plan, strategy=plan.strategy)
            strategy, version = _write(data, plan=plan, actor=actor, network=target_network)
    except IntegrityError:
        # Everything was rolled back; the checks above should have prevented this.
        raise ExchangeError(
            _("Die Datei passt nicht zu den gespeicherten Daten; es wurde nichts gespeichert.")
        ) from None
    return ImportResult(plan=plan, strategy=strategy, version=version)


def _strategy_values(head: dict) -> dict[str, Any]:
    return {
        "slug": head["slug"],
        "title": head["title"],
        "slogan": head["slogan"],
        "vision": head["vision"],
        "preamble": head["preamble"],
        "reconstruction_notice": head["reconstruction_notice"],
        "status": head["status"],
        "adopted_body": head["adopted_body"],
        "adopted_on": date.fromisoformat(head["adopted_on"]) if head["adopted_on"] else None,
        "adopted_reference": head["adopted_reference"],
        "adopted_note": head["adopted_note"],
        "sources": head["sources"],
        "provenance": head.get("provenance") or {},
    }


def _write(data: dict, *, plan: ImportPlan, actor, network) -> tuple[Strategy, StrategyVersion]:
    head, file_version = data["strategy"], data["version"]
    reason = _("aus Datei importiert (Version %(n)d)") % {"n": file_version["number"]}
    values = _strategy_values(head)
    strategy = plan.strategy
    if strategy is None:
        strategy = Strategy(uuid=head["uuid"], network=network, is_blueprint=True, **values)
        save_new(strategy, actor=actor, reason=reason)
        StrategyStatusChange.objects.create(
            strategy=strategy, from_status="", to_status=head["status"], changed_by=person(actor)
        )
    else:
        from_status = strategy.status
        for name, value in values.items():
            setattr(strategy, name, value)
        strategy.is_blueprint = True
        strategy.deleted_at = None
        save_changed(strategy, actor=actor, expected_version=None, reason=reason)
        if from_status != strategy.status:
            StrategyStatusChange.objects.create(
                strategy=strategy,
                from_status=from_status,
                to_status=strategy.status,
                changed_by=person(actor),
            )
    _write_items(strategy, data["content"], actor=actor, reason=reason)
    snapshot = build_snapshot(strategy_content(strategy=strategy, children=True))
    version = StrategyVersion.objects.create(
        strategy=strategy,
        number=file_version["number"],
        published_at=datetime.fromisoformat(file_version["published_at"].replace("Z", "+00:00")),
        published_by=person(actor),
        note=file_version["note"],
        snapshot=snapshot,
    )
    audit(
        actor,
        "blueprint.imported",
        strategy,
        strategy=strategy,
        data={
            "version": version.number,
            "network": network.slug,
            "action": plan.action,
            "counts": plan.counts,
        },
    )
    return strategy, version


def _attributes(section: str, row: dict, refs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Model attributes of one item of the file (references resolved to objects)."""
    specs = SECTIONS[section]
    values: dict[str, Any] = {}
    for name, spec in specs.items():
        value = row[name]
        if name == "uuid" or spec.kind == "refs":
            continue
        if spec.kind == "ref":
            value = refs[spec.target].get(value) if value is not None else None
        elif spec.kind == "decimal" and value is not None:
            value = Decimal(value)
        elif spec.kind == "date" and value is not None:
            value = date.fromisoformat(value)
        values[name] = value
    return values


def _links(row: dict, refs: dict[str, dict[str, Any]]) -> dict[str, list]:
    return {
        name: [refs[spec.target][key] for key in row[name]]
        for name, spec in SECTIONS["measures"].items()
        if spec.kind == "refs"
    }


def _in_dependency_order(rows: list[dict]) -> list[dict]:
    """Measures ordered so that every measure comes after those it depends on."""
    by_key = {row["key"]: row for row in rows}
    if find_cycle({row["key"]: row["depends_on"] for row in rows}):  # validate_file refuses it
        raise ExchangeError(_("Die Abhängigkeiten der Maßnahmen bilden einen Kreis."))
    done: set[str] = set()
    ordered: list[dict] = []

    def visit(key: str) -> None:
        if key in done:
            return
        done.add(key)
        for dependency in by_key[key]["depends_on"]:
            visit(dependency)
        ordered.append(by_key[key])

    for row in rows:
        visit(row["key"])
    return ordered


def _existing(strategy: Strategy, model) -> dict[str, Any]:
    if model in {Indicator, Milestone}:
        rows = model.all_objects.filter(measure__strategy=strategy)
    else:
        rows = model.all_objects.filter(strategy=strategy)
    return {str(item.uuid): item for item in rows}


def _write_items(strategy: Strategy, content: dict, *, actor, reason: str) -> None:
    """Create, change, restore or remove items so that they match the file; one history row per
    changed item, none for unchanged ones."""
    refs: dict[str, dict[str, Any]] = {}
    now = timezone.now()
    existing = {name: _existing(strategy, model) for name, model in MODELS.items()}
    # Keys that move from one item to another: park them first, or the unique key of the
    # live items would stop the update halfway. The history only sees the final keys.
    for name in MODELS:
        wanted_keys = {row["uuid"].lower(): row.get("key") for row in content[name]}
        for key, item in existing[name].items():
            new_key = wanted_keys.get(key)
            if new_key is not None and new_key != item.key:
                type(item).all_objects.filter(pk=item.pk).update(key=f"~{item.pk}")
    # Remove first, so that a key given up by a removed item is free for a new one.
    for name in reversed(list(MODELS)):
        wanted = {row["uuid"].lower() for row in content[name]}
        for key, item in existing[name].items():
            if key not in wanted and item.deleted_at is None:
                item.deleted_at = now
                save_changed(item, actor=actor, expected_version=None, reason=reason)
    for name, model in MODELS.items():
        refs[name] = {}
        rows = content[name]
        if name == "measures":
            rows = _in_dependency_order(rows)
        for row in rows:
            values = _attributes(name, row, refs)
            if name not in {"indicators", "milestones"}:
                values["strategy"] = strategy
            links = _links(row, refs) if name == "measures" else None
            item = existing[name].get(row["uuid"].lower())
            if item is None:
                item = model(uuid=row["uuid"], **values)
                save_new(item, actor=actor, reason=reason, links=links)
            elif _differs(item, values, links):
                for attribute, value in values.items():
                    setattr(item, attribute, value)
                item.deleted_at = None
                save_changed(item, actor=actor, expected_version=None, reason=reason, links=links)
            if "key" in row:
                refs[name][row["key"]] = item


def _differs(item, values: dict[str, Any], links: dict[str, list] | None) -> bool:
    if item.deleted_at is not None:
        return True
    for attribute, value in values.items():
        current = getattr(item, attribute)
        if isinstance(current, Decimal) and value is not None:
            if current != Decimal(value):
                return True
        elif current != value:
            return True
    if links:
        for name, targets in links.items():
            current_ids = set(getattr(item, name).values_list("pk", flat=True))
            if current_ids != {target.pk for target in targets}:
                return True
    return False


# --- what the import page offers ---------------------------------------------------------------


def import_networks(user):
    """Networks the user may import a blueprint into, by name."""
    from blaupause.regions.models import Network

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Network.objects.none()
    networks = Network.objects.select_related("region").order_by("name")
    if user.is_superuser:
        return networks
    roles = user.roles
    return networks.filter(pk__in=roles.coordinated_network_ids) | networks.filter(
        region_id__in=roles.regional_admin_region_ids
    )
