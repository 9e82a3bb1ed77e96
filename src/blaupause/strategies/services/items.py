"""Writes of the items of a strategy: values, life areas, fields, goals, measures, indicators,
milestones. One set of functions for all kinds (see `items.py`); each checks the permission,
validates everything before it writes, keeps one history row per change and records an audit
event. Deleting is soft and can be undone; any stored version of an item can be restored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .. import hooks
from ..errors import ItemInUse
from ..history import history_link_ids
from ..items import PARENT_MEASURE, ItemKind, kind_for
from ..models import FieldOfAction, Goal, LifeArea, Measure, Strategy
from ..signals import item_changed
from ..validation import (
    check_criteria_ids,
    check_key,
    check_prerequisites,
    check_references,
    check_source_ids,
    check_words,
    check_years,
    find_cycle,
)
from ._base import audit, german_slug, require_change, save_changed, save_new

__all__ = [
    "item_create",
    "item_delete",
    "item_history_restore",
    "item_restore",
    "item_update",
]

#: Model to the link targets it may point to, per link name.
LINK_TARGETS = {"life_areas": LifeArea, "goals": Goal, "depends_on": Measure}


def _strategy_of(item) -> Strategy:
    return item.measure.strategy if hasattr(item, "measure_id") else item.strategy


def _siblings(kind: ItemKind, *, strategy: Strategy, measure: Measure | None):
    manager = kind.model.all_objects
    if kind.parent == PARENT_MEASURE:
        return manager.filter(measure=measure)
    return manager.filter(strategy=strategy)


def _next_order(kind: ItemKind, *, strategy: Strategy, measure: Measure | None) -> int:
    current = _siblings(kind, strategy=strategy, measure=measure).aggregate(
        top=models.Max("order")
    )["top"]
    return 0 if current is None else current + 1


def _suggest_key(kind: ItemKind, item, strategy: Strategy) -> str:
    """A free key in the usual pattern: fields A, B …; goals A-Z1; measures A-M01; life areas
    from their title. Keys of deleted items stay reserved, so that they can be restored."""
    taken = set(kind.model.all_objects.filter(strategy=strategy).values_list("key", flat=True))
    if kind.name == "field":
        candidates = (chr(code) for code in range(ord("A"), ord("Z") + 1))
    elif kind.name in {"goal", "measure"} and getattr(item, "field_id", None):
        prefix = FieldOfAction.all_objects.get(pk=item.field_id).key
        pattern = "{prefix}-Z{n}" if kind.name == "goal" else "{prefix}-M{n:02d}"
        candidates = (pattern.format(prefix=prefix, n=n) for n in range(1, 1000))
    else:
        base = german_slug(getattr(item, kind.title_field, ""))[:30] or kind.name
        candidates = (base if n == 1 else f"{base}-{n}" for n in range(1, 1000))
    return next((key for key in candidates if key not in taken), "")


def _apply(kind: ItemKind, item, values: Mapping[str, Any]) -> None:
    allowed = set(kind.fields)
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise ValidationError(
            _("Unbekannte Felder für %(kind)s: %(names)s.")
            % {"kind": kind.label, "names": ", ".join(unknown)}
        )
    for name, value in values.items():
        setattr(item, name, value)


def _add(errors: dict[str, list[str]], name: str, messages: Iterable[str]) -> None:
    messages = list(messages)
    if messages:
        errors.setdefault(name, []).extend(messages)


def _validate(
    kind: ItemKind,
    item,
    *,
    strategy: Strategy,
    links: Mapping[str, list[models.Model]] | None,
) -> None:
    """Everything that must hold before an item is written; raises one ValidationError with
    German messages per field."""
    errors: dict[str, list[str]] = {}
    exclude = {"strategy", "measure", "field", "deleted_at", "uuid", "created_at"}
    try:
        item.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            _add(errors, name, messages)

    if kind.has_key and "key" not in errors:
        max_length = kind.model._meta.get_field("key").max_length
        key_errors = check_key(item.key, max_length=max_length)
        if not key_errors:
            clash = (
                kind.model.objects.filter(strategy=strategy, key=item.key)
                .exclude(pk=item.pk)
                .exists()
            )
            if clash:
                key_errors = [
                    _("Die Kennung „%(key)s“ ist in dieser Strategie schon vergeben.")
                    % {"key": item.key}
                ]
        _add(errors, "key", key_errors)

    if kind.name in {"goal", "measure"}:
        field = FieldOfAction.objects.filter(pk=item.field_id, strategy=strategy).first()
        if item.field_id is None and kind.name == "measure":
            _add(errors, "field", [_("Bitte wählen Sie ein Handlungsfeld.")])
        elif item.field_id is not None and field is None:
            _add(errors, "field", [_("Dieses Handlungsfeld gehört nicht zu dieser Strategie.")])

    if hasattr(item, "source_ids"):
        known = [row.get("id") for row in strategy.sources or [] if isinstance(row, dict)]
        _add(errors, "source_ids", check_source_ids(item.source_ids, known=known))

    if kind.name == "measure":
        for name, messages in check_years(item.start_year, item.end_year).items():
            _add(errors, name, messages)
        _add(errors, "prerequisites", check_prerequisites(item.prerequisites))
        _add(errors, "references", check_references(item.references))
        _add(errors, "tags", check_words(item.tags, what=_("Schlagworte")))
        _add(errors, "raises_criteria", check_criteria_ids(item.raises_criteria))
        _validate_links(item, strategy=strategy, links=links or {}, errors=errors)

    if errors:
        raise ValidationError(errors)


def _validate_links(item: Measure, *, strategy, links, errors) -> None:
    for name, targets in links.items():
        model = LINK_TARGETS.get(name)
        if model is None:
            _add(errors, name, [_("Unbekannte Verknüpfung.")])
            continue
        foreign = [
            target
            for target in targets
            if not isinstance(target, model)
            or target.strategy_id != strategy.pk
            or target.deleted_at is not None
        ]
        if foreign:
            _add(
                errors,
                name,
                [
                    _("Nicht aus dieser Strategie: %(items)s.")
                    % {"items": ", ".join(str(target) for target in foreign)}
                ],
            )
    depends_on = links.get("depends_on")
    if depends_on is None:
        return
    if item.pk and any(target.pk == item.pk for target in depends_on):
        _add(errors, "depends_on", [_("Eine Maßnahme kann nicht von sich selbst abhängen.")])
        return
    # The dependency graph of the whole strategy, with this measure's new edges.
    rows = Measure.depends_on.through.objects.filter(
        from_measure__strategy=strategy,
        from_measure__deleted_at__isnull=True,
        to_measure__deleted_at__isnull=True,
    ).values_list("from_measure__key", "to_measure__key")
    graph: dict[str, list[str]] = {}
    for source, target in rows:
        if source != item.key:
            graph.setdefault(source, []).append(target)
    graph[item.key] = [target.key for target in depends_on]
    cycle = find_cycle(graph)
    if cycle:
        _add(
            errors,
            "depends_on",
            [
                _("Diese Abhängigkeiten ergäben einen Kreis: %(cycle)s.")
                % {"cycle": " → ".join(cycle)}
            ],
        )


def _check_reason(strategy: Strategy, action: str, reason: str) -> str:
    """The reason without surrounding blanks; ValidationError when one is required but empty."""
    reason = (reason or "").strip()
    if not reason and hooks.reason_required(strategy, action):
        raise ValidationError(
            {
                "reason": [
                    _(
                        "Bitte geben Sie einen Grund für diese Änderung an. Er wird bei der "
                        "Strategie als regionale Anpassung festgehalten."
                    )
                ]
            }
        )
    return reason


def _notify(kind: ItemKind, item, *, action: str, actor, fields=(), reason: str = "") -> None:
    item_changed.send(
        sender=kind.model,
        item=item,
        kind=kind,
        action=action,
        actor=actor,
        fields=list(fields),
        reason=reason,
    )


def _links(kind: ItemKind, links) -> dict[str, list]:
    if not links:
        return {}
    unknown = sorted(set(links) - set(kind.links))
    if unknown:
        raise ValidationError(
            _("Unbekannte Verknüpfungen für %(kind)s: %(names)s.")
            % {"kind": kind.label, "names": ", ".join(unknown)}
        )
    return {name: list(targets) for name, targets in links.items()}


# --- create, update ----------------------------------------------------------------------------


@transaction.atomic
def item_create(
    *,
    actor,
    strategy: Strategy,
    kind: ItemKind | str,
    values: Mapping[str, Any],
    links: Mapping[str, Iterable[models.Model]] | None = None,
    measure: Measure | None = None,
    reason: str = "",
):
    """Add an item to a strategy (indicators and milestones to `measure`); editors only.

    An empty key is filled with the next free one; the item goes to the end of its list.
    `reason` is kept as the history's change reason (required where a hook says so).
    Raises PermissionDenied, or ValidationError with German messages per field.
    """
    kind = kind_for(kind)
    require_change(actor, strategy)
    reason = _check_reason(strategy, hooks.CREATED, reason)
    if kind.parent == PARENT_MEASURE:
        if measure is None or measure.strategy_id != strategy.pk or measure.deleted_at:
            raise ValidationError(
                {"measure": [_("Bitte wählen Sie eine Maßnahme dieser Strategie.")]}
            )
        item = kind.model(measure=measure)
    else:
        item = kind.model(strategy=strategy)
    _apply(kind, item, values)
    if kind.has_key and not item.key:
        item.key = _suggest_key(kind, item, strategy)
    item.order = _next_order(kind, strategy=strategy, measure=measure)
    links = _links(kind, links)
    _validate(kind, item, strategy=strategy, links=links)
    save_new(item, actor=actor, reason=reason or _("angelegt"), links=links)
    audit(actor, f"{kind.name}.created", item, strategy=strategy)
    _notify(kind, item, action=hooks.CREATED, actor=actor, reason=reason)
    return item


@transaction.atomic
def item_update(
    *,
    actor,
    item,
    values: Mapping[str, Any],
    links: Mapping[str, Iterable[models.Model]] | None = None,
    expected_version: int,
    reason: str = "",
):
    """Change an item (and, for measures, its links); editors only.

    `reason` is kept as the history's change reason (required where a hook says so).
    Raises PermissionDenied, ValidationError (German, per field), or EditConflict when someone
    saved in between — then nothing is written.
    """
    kind = kind_for(item)
    strategy = _strategy_of(item)
    require_change(actor, strategy)
    reason = _check_reason(strategy, hooks.CHANGED, reason)
    before = {name: _comparable(getattr(item, _attname(kind, name))) for name in values}
    _apply(kind, item, values)
    links = _links(kind, links)
    _validate(kind, item, strategy=strategy, links=links)
    changed = sorted(
        name for name in values if _comparable(getattr(item, _attname(kind, name))) != before[name]
    )
    if links:
        current = {name: sorted(getattr(item, name).values_list("pk", flat=True)) for name in links}
        changed += sorted(
            name
            for name, targets in links.items()
            if sorted(target.pk for target in targets) != current[name]
        )
    save_changed(
        item,
        actor=actor,
        expected_version=expected_version,
        reason=reason or _("geändert"),
        links=links,
    )
    audit(actor, f"{kind.name}.updated", item, strategy=strategy, data={"fields": changed})
    _notify(kind, item, action=hooks.CHANGED, actor=actor, fields=changed, reason=reason)
    return item


def _attname(kind: ItemKind, name: str) -> str:
    try:
        return kind.model._meta.get_field(name).attname
    except FieldDoesNotExist:  # pragma: no cover - _apply refuses unknown names first
        return name


def _comparable(value):
    if isinstance(value, models.Model):
        return value.pk
    return value


# --- delete, restore ---------------------------------------------------------------------------


@transaction.atomic
def item_delete(*, actor, item, reason: str = "") -> None:
    """Soft-delete an item; it stays restorable. Editors only.

    A field of action that still holds measures or goals cannot be deleted (ItemInUse).
    `reason` is kept as the history's change reason (required where a hook says so).
    """
    kind = kind_for(item)
    strategy = _strategy_of(item)
    require_change(actor, strategy)
    if item.deleted_at is not None:
        return
    reason = _check_reason(strategy, hooks.DELETED, reason)
    if kind.name == "field":
        measures = Measure.objects.filter(field=item).count()
        goals = Goal.objects.filter(field=item).count()
        if measures or goals:
            raise ItemInUse(
                _(
                    "Zum Handlungsfeld „%(title)s“ gehören noch %(measures)d Maßnahmen und "
                    "%(goals)d Ziele. Ordnen Sie diese zuerst einem anderen Handlungsfeld zu "
                    "oder löschen Sie sie."
                )
                % {"title": item.title, "measures": measures, "goals": goals}
            )
    item.deleted_at = timezone.now()
    save_changed(item, actor=actor, expected_version=None, reason=reason or _("gelöscht"))
    audit(actor, f"{kind.name}.deleted", item, strategy=strategy)
    _notify(kind, item, action=hooks.DELETED, actor=actor, reason=reason)


@transaction.atomic
def item_restore(*, actor, item, reason: str = "") -> None:
    """Bring a soft-deleted item back. Editors only.

    Refused (ItemInUse) when its key was given to another item meanwhile, or when the field of
    action or measure it belongs to is itself deleted. `reason` as for `item_delete`.
    """
    kind = kind_for(item)
    strategy = _strategy_of(item)
    require_change(actor, strategy)
    if item.deleted_at is None:
        return
    reason = _check_reason(strategy, hooks.RESTORED, reason)
    _check_parent_alive(kind, item)
    if kind.has_key and kind.model.objects.filter(strategy=strategy, key=item.key).exists():
        raise ItemInUse(
            _(
                "Die Kennung „%(key)s“ ist inzwischen vergeben. Ändern Sie zuerst die Kennung "
                "des anderen Eintrags."
            )
            % {"key": item.key}
        )
    item.deleted_at = None
    save_changed(item, actor=actor, expected_version=None, reason=reason or _("wiederhergestellt"))
    audit(actor, f"{kind.name}.restored", item, strategy=strategy)
    _notify(kind, item, action=hooks.RESTORED, actor=actor, reason=reason)


def _check_parent_alive(kind: ItemKind, item) -> None:
    if kind.parent == PARENT_MEASURE:
        parent = Measure.all_objects.get(pk=item.measure_id)
        if parent.deleted_at is not None:
            raise ItemInUse(
                _("Stellen Sie zuerst die Maßnahme „%(title)s“ wieder her.") % {"title": parent}
            )
    field_id = getattr(item, "field_id", None)
    if field_id:
        parent = FieldOfAction.all_objects.get(pk=field_id)
        if parent.deleted_at is not None:
            raise ItemInUse(
                _("Stellen Sie zuerst das Handlungsfeld „%(title)s“ wieder her.")
                % {"title": parent.title}
            )


# --- history -----------------------------------------------------------------------------------


@transaction.atomic
def item_history_restore(*, actor, item, history_id: int, expected_version: int):
    """Make a stored version of an item the current one again; editors only.

    The text fields, the field of action and — for measures — the links of that version come
    back; links to items deleted since then are left out. Whether the item is deleted does not
    change. Raises ValidationError when the version does not belong to the item or no longer
    fits (e.g. its key is taken), EditConflict when the item changed in between.
    """
    kind = kind_for(item)
    strategy = _strategy_of(item)
    require_change(actor, strategy)
    record = kind.model.history.filter(id=item.pk, history_id=history_id).first()
    if record is None:
        raise ValidationError(_("Diese Fassung gehört nicht zu diesem Eintrag."))
    values = {name: getattr(record, _attname(kind, name)) for name in kind.fields}
    for name in kind.fields:
        setattr(item, _attname(kind, name), values[name])
    links = None
    if kind.links:
        ids = history_link_ids(kind, [history_id])[history_id]
        links = {
            name: list(LINK_TARGETS[name].objects.filter(pk__in=ids[name], strategy=strategy))
            for name in kind.links
        }
    if getattr(item, "field_id", None):
        _check_parent_alive(kind, item)
    _validate(kind, item, strategy=strategy, links=links)
    when = formats.date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
    reason = _("Fassung vom %(when)s wiederhergestellt") % {"when": when}
    save_changed(
        item,
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        links=links,
    )
    _notify(kind, item, action=hooks.CHANGED, actor=actor, fields=kind.fields, reason=reason)
    audit(
        actor,
        f"{kind.name}.version_restored",
        item,
        strategy=strategy,
        data={"history_id": history_id},
    )
    return item
