"""The trash: soft-deleted rows of every domain model, restorable for 30 days, then purged.

Every model built on `core.models.BaseModel` deletes softly (`deleted_at`). The trash lists
those rows for the regional administration, restores them and — from a daily timer,
`blaupause purge_trash` — removes the ones deleted longer ago than `TRASH_RETENTION_DAYS`
for good, with their uploaded files.

An app whose rows need more than clearing `deleted_at` to come back (checks, history
reasons, notifications) registers its own restore service with `register_restore`; the
strategies app does so for its items. Who may restore: the regional admins of the region the
row belongs to (found through the objects it belongs to: strategy, measure, commitment,
network, municipality …) and superusers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record
from .models import BaseModel

logger = logging.getLogger(__name__)

#: How long a soft-deleted row stays restorable (days).
DEFAULT_RETENTION_DAYS = 30
#: Rows shown per model on the trash page.
PAGE_ROWS = 100
#: Attributes that lead from a row to what it belongs to, tried in this order: a row of a
#: municipality (a commitment) belongs to the municipality's region, not the strategy's.
_OWNER_ATTRIBUTES = (
    "municipality",
    "network",
    "region",
    "strategy",
    "measure",
    "commitment",
    "event",
    "workshop",
    "consultation",
)

_restorers: dict[str, Callable] = {}


def retention_days() -> int:
    return int(getattr(settings, "TRASH_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def register_restore(model_label: str, restore: Callable) -> None:
    """Use `restore(actor=..., obj=...)` instead of clearing `deleted_at` for this model."""
    _restorers[model_label] = restore


def trash_models() -> list[type[models.Model]]:
    """Every concrete model with soft delete, in a stable order."""
    return sorted(
        (
            model
            for model in apps.get_models()
            if issubclass(model, BaseModel) and not model._meta.abstract
        ),
        key=lambda model: model._meta.label,
    )


def _region_of(obj, depth: int = 0):
    """The region id a row belongs to, following the objects it belongs to."""
    label = obj._meta.label
    if label == "regions.Region":
        return obj.pk
    if label == "regions.Network":
        return obj.region_id
    if label == "regions.Municipality":
        return obj.district.region_id if obj.district_id else None
    if label == "regions.District":
        return obj.region_id
    if depth > 5:
        return None
    for name in _OWNER_ATTRIBUTES:
        field_id = getattr(obj, f"{name}_id", None)
        if field_id:
            return _region_of(getattr(obj, name), depth + 1)
    scope = getattr(obj, "scope", None)
    if isinstance(scope, models.Model) and scope is not obj:
        return _region_of(scope, depth + 1)
    return None


def may_restore(user, obj) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    region_id = _region_of(obj)
    return bool(region_id and region_id in user.roles.regional_admin_region_ids)


def _owner_paths(model, prefix: str = "", depth: int = 0) -> list[str]:
    """`select_related` paths to everything `_region_of` walks, so the check costs no query."""
    paths = []
    for field in model._meta.concrete_fields:
        if not (field.many_to_one or field.one_to_one) or field.name not in _OWNER_ATTRIBUTES:
            continue
        path = f"{prefix}{field.name}"
        paths.append(path)
        target = field.related_model
        if target._meta.label == "regions.Municipality":
            paths.append(f"{path}__district")
        elif depth < 3:
            paths.extend(_owner_paths(target, f"{path}__", depth + 1))
    return paths


@dataclass(frozen=True)
class TrashRow:
    obj: models.Model
    kind: str
    label: str
    deleted_at: datetime
    purge_on: datetime


@dataclass(frozen=True)
class TrashGroup:
    kind: str
    model_label: str
    rows: list[TrashRow]
    more: bool


def trash_groups(user, *, kind: str = "") -> list[TrashGroup]:
    """The soft-deleted rows the user may restore, newest first, grouped by model."""
    keep = timedelta(days=retention_days())
    groups = []
    for model in trash_models():
        if kind and model._meta.label != kind:
            continue
        related = _owner_paths(model)
        queryset = model.all_objects.filter(deleted_at__isnull=False).order_by("-deleted_at")
        if related:
            queryset = queryset.select_related(*related)
        found = list(queryset[: PAGE_ROWS + 1])
        rows = [
            TrashRow(
                obj=obj,
                kind=str(model._meta.verbose_name),
                label=str(obj),
                deleted_at=obj.deleted_at,
                purge_on=obj.deleted_at + keep,
            )
            for obj in found[:PAGE_ROWS]
            if may_restore(user, obj)
        ]
        if rows:
            groups.append(
                TrashGroup(
                    kind=str(model._meta.verbose_name_plural),
                    model_label=model._meta.label,
                    rows=rows,
                    more=len(found) > PAGE_ROWS,
                )
            )
    return groups


def trash_get(model_label: str, uuid) -> models.Model:
    """A soft-deleted row by model label and UUID; LookupError when there is none."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError) as error:
        raise LookupError(model_label) from error
    if not issubclass(model, BaseModel):
        raise LookupError(model_label)
    obj = model.all_objects.filter(uuid=uuid, deleted_at__isnull=False).first()
    if obj is None:
        raise LookupError(uuid)
    return obj


@transaction.atomic
def trash_restore(*, actor, obj: models.Model) -> models.Model:
    """Bring a soft-deleted row back; through the app's own restore service if it has one."""
    if not may_restore(actor, obj):
        raise PermissionDenied(_("Nur die Regionaladministration kann Gelöschtes zurückholen."))
    restore = _restorers.get(obj._meta.label)
    if restore is not None:
        restore(actor=actor, obj=obj)
    else:
        obj.deleted_at = None
        obj.version += 1
        obj.save()
    audit_record(actor=actor, verb="trash.restored", target=obj, data={"model": obj._meta.label})
    return obj


def _files_of(obj: models.Model) -> list:
    return [
        getattr(obj, field.name)
        for field in obj._meta.concrete_fields
        if isinstance(field, models.FileField) and getattr(obj, field.name)
    ]


@dataclass
class PurgeResult:
    purged: dict[str, int]
    kept: list[str]

    @property
    def total(self) -> int:
        return sum(self.purged.values())


def trash_purge(*, now: datetime | None = None, models_: Iterable | None = None) -> PurgeResult:
    """Delete for good what was soft-deleted longer ago than the retention period.

    Rows still referenced by protected relations stay (and are named in the result); their
    files go only when the row went.
    """
    cutoff = (now or timezone.now()) - timedelta(days=retention_days())
    result = PurgeResult(purged={}, kept=[])
    for model in models_ or trash_models():
        for obj in model.all_objects.filter(deleted_at__lt=cutoff).iterator():
            files = _files_of(obj)
            try:
                with transaction.atomic():
                    obj.delete()
            except (ProtectedError, RestrictedError):
                result.kept.append(f"{model._meta.label} {obj.pk}")
                continue
            for file in files:
                transaction.on_commit(lambda f=file: f.storage.delete(f.name))
            result.purged[model._meta.label] = result.purged.get(model._meta.label, 0) + 1
    if result.total:
        audit_record(actor=None, verb="trash.purged", data=dict(result.purged))
    logger.info("trash purged: %s, kept %s", result.purged, len(result.kept))
    return result
