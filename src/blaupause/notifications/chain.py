"""Which followed objects an activity concerns: the target itself and what it belongs to.

The chain is found by attribute names, not by knowing other apps: a target's foreign keys
named in `PARENT_FIELDS` lead to its parents, and so on upwards. So a measure leads to its
strategy and that to its network; a goal, value or field of action to its strategy; an event
to its network (or its region); a workshop to its strategy; a comment to its measure and,
through its consultation, to the strategy. The chain ends at the places of the regions app
(network, region, municipality): a network's region is not followed through it.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

#: Foreign keys that point at "what this belongs to", nearest first.
PARENT_FIELDS = (
    "measure",
    "workshop",
    "consultation",
    "project",
    "event",
    "strategy",
    "network",
)
#: Used only when none of the others is set (an event of a whole region).
FALLBACK_PARENT_FIELDS = ("region",)
#: Apps whose objects end the chain: places, not content.
TOP_LEVEL_APPS = frozenset({"regions"})
MAX_DEPTH = 6


def _parent_fields(obj: models.Model) -> list[models.ForeignKey]:
    fields = {
        field.name: field
        for field in obj._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
    }
    found = [
        fields[name]
        for name in PARENT_FIELDS
        if name in fields and getattr(obj, fields[name].attname) is not None
    ]
    if not found:
        found = [
            fields[name]
            for name in FALLBACK_PARENT_FIELDS
            if name in fields and getattr(obj, fields[name].attname) is not None
        ]
    return found


def chain_objects(target: models.Model) -> list[tuple[type[models.Model], int, object]]:
    """(model, pk, instance or None) for the target and its parents, nearest first.

    Parents of the regions app are not loaded (only their id is needed); others are read
    through the foreign key (no query when the caller loaded them with `select_related`).
    """
    result: list[tuple[type[models.Model], int, object]] = []
    seen: set[tuple[str, int]] = set()
    todo: list[tuple[type[models.Model], int, object, int]] = [(type(target), target.pk, target, 0)]
    while todo:
        model, pk, instance, depth = todo.pop(0)
        key = (model._meta.label_lower, pk)
        if pk is None or key in seen:
            continue
        seen.add(key)
        result.append((model, pk, instance))
        if instance is None or depth >= MAX_DEPTH or model._meta.app_label in TOP_LEVEL_APPS:
            continue
        for field in _parent_fields(instance):
            parent_model = field.related_model
            parent_pk = getattr(instance, field.attname)
            parent = None
            if parent_model._meta.app_label not in TOP_LEVEL_APPS:
                parent = getattr(instance, field.name)
            todo.append((parent_model, parent_pk, parent, depth + 1))
    return result


def follow_chain(target: models.Model) -> list[tuple[int, int]]:
    """(content_type_id, object_id) of the target and of everything it belongs to."""
    return [
        (ContentType.objects.get_for_model(model, for_concrete_model=True).pk, pk)
        for model, pk, _instance in chain_objects(target)
    ]
