"""Writes of procurement plans (Beschaffungsvorhaben): record, change, delete (soft), restore.

Every service checks the permission (`rules/procurement.py`), validates completely before it
writes (German messages per field), records an audit event, tells followers through
`core.signals.activity` and — once the transaction committed — sends `plan_changed`, so that
the synergy finder can recompute what concerns these plans.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blaupause.core.audit import audit_record
from blaupause.core.concurrency import EditConflict, save_versioned
from blaupause.core.signals import activity

from ..constants import ProcurementCategory
from ..models import ProcurementPlan

__all__ = [
    "PLAN_DENIED",
    "PLAN_FIELDS",
    "plan_changed",
    "plan_create",
    "plan_delete",
    "plan_restore",
    "plan_update",
]

#: Sent after the commit whenever plans were created, changed, deleted or restored.
#: Keyword arguments: ``plan_ids`` (list of ProcurementPlan primary keys) and ``action``
#: (``"created"``, ``"updated"``, ``"deleted"`` or ``"restored"``). The sender is
#: `ProcurementPlan`. Receivers must not assume the plans are still alive.
plan_changed = Signal()

PLAN_DENIED = gettext_lazy(
    "Beschaffungsvorhaben einer Kommune erfassen und ändern nur ihre CDO und die "
    "Regionaladministration."
)

PLAN_FIELDS = (
    "subject",
    "description",
    "category",
    "estimated_volume",
    "planned_on",
    "ozg_service",
    "product",
    "measure",
    "open_for_partners",
)
_TEXT_LIMITS = {"subject": 200, "ozg_service": 200, "product": 200, "description": 10_000}
FIRST_YEAR, LAST_YEAR = 2000, 2100
#: More than this is not a municipal procurement but a typing error.
MAX_VOLUME = Decimal("10000000000")  # 10 billion euro


def _validate(values: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise the fields of a plan; one ValidationError with every problem."""
    errors: dict[str, str] = {}
    for name in ("subject", "description", "ozg_service", "product"):
        values[name] = (values.get(name) or "").strip()
    if not values["subject"]:
        errors["subject"] = _("Bitte geben Sie an, was beschafft werden soll.")
    for name, limit in _TEXT_LIMITS.items():
        if len(values[name]) > limit:
            errors[name] = _("Höchstens %(limit)s Zeichen.") % {"limit": limit}
    if values.get("category") not in ProcurementCategory.values:
        errors["category"] = _("Bitte wählen Sie eine der angebotenen Kategorien.")
    planned_on = values.get("planned_on")
    if isinstance(planned_on, datetime.datetime):
        values["planned_on"] = planned_on = planned_on.date()
    if not isinstance(planned_on, datetime.date):
        errors["planned_on"] = _("Bitte geben Sie ein Datum ein, z. B. 01.03.2027.")
    elif not FIRST_YEAR <= planned_on.year <= LAST_YEAR:
        errors["planned_on"] = _(
            "Bitte geben Sie ein Datum zwischen den Jahren %(first)s und %(last)s ein."
        ) % {"first": FIRST_YEAR, "last": LAST_YEAR}
    volume = values.get("estimated_volume")
    if volume in ("", None):
        values["estimated_volume"] = None
    else:
        try:
            volume = Decimal(str(volume))
        except (InvalidOperation, ValueError):
            errors["estimated_volume"] = _("Bitte geben Sie einen Betrag in Euro ein.")
        else:
            if not volume.is_finite():
                errors["estimated_volume"] = _("Bitte geben Sie einen Betrag in Euro ein.")
            elif volume < 0:
                errors["estimated_volume"] = _("Das Volumen darf nicht negativ sein.")
            elif volume > MAX_VOLUME:
                errors["estimated_volume"] = _(
                    "Bitte prüfen Sie den Betrag: höchstens 10 Milliarden Euro."
                )
            else:
                values["estimated_volume"] = volume.quantize(Decimal("0.01"))
    open_for_partners = values.get("open_for_partners")
    values["open_for_partners"] = True if open_for_partners is None else bool(open_for_partners)
    if errors:
        raise ValidationError(errors)
    return values


def _audit_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def _announce(*, actor, plan: ProcurementPlan, verb: str, summary: str, action: str) -> None:
    """Tell followers and the synergy finder, once the transaction committed."""
    url = plan.get_absolute_url()
    plan_ids = [plan.pk]

    def send():
        activity.send(
            sender=ProcurementPlan,
            target=plan,
            verb=verb,
            actor=actor,
            summary=summary,
            url=url,
            private=True,
        )
        plan_changed.send(sender=ProcurementPlan, plan_ids=plan_ids, action=action)

    transaction.on_commit(send)


def _check(actor, permission: str, obj) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm(permission, obj):
        raise PermissionDenied(PLAN_DENIED)


@transaction.atomic
def plan_create(*, actor, municipality, is_demo: bool = False, **fields) -> ProcurementPlan:
    """Record a procurement plan of `municipality`; its CDO or a regional admin."""
    _check(actor, "collaboration.add_plan", municipality)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    values = _validate({name: fields.get(name) for name in PLAN_FIELDS})
    plan = ProcurementPlan(
        municipality=municipality,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_demo=is_demo,
        **values,
    )
    plan._history_user = actor
    plan.save()
    audit_record(
        actor=actor,
        verb="procurement_plan.created",
        target=plan,
        municipality_ags=municipality.ags,
        data={name: _audit_value(values[name]) for name in PLAN_FIELDS},
    )
    _announce(
        actor=actor,
        plan=plan,
        verb="procurement_plan.created",
        summary=_("%(municipality)s plant: %(subject)s")
        % {"municipality": municipality.name, "subject": plan.subject},
        action="created",
    )
    return plan


@transaction.atomic
def plan_update(
    *, actor, plan: ProcurementPlan, expected_version: int, **fields
) -> ProcurementPlan:
    """Change a plan; the CDO of its municipality or a regional admin.

    Fields not passed keep their value. Raises `EditConflict` when someone saved in between.
    """
    _check(actor, "collaboration.change_plan", plan)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    current = {name: getattr(plan, name) for name in PLAN_FIELDS}
    values = _validate({**current, **fields})
    changed = {
        name: _audit_value(values[name]) for name in PLAN_FIELDS if values[name] != current[name]
    }
    for name in PLAN_FIELDS:
        setattr(plan, name, values[name])
    plan._history_user = actor
    try:
        save_versioned(plan, expected_version=expected_version)
    except EditConflict as conflict:
        conflict.submitted = {name: values[name] for name in PLAN_FIELDS}
        raise
    audit_record(
        actor=actor,
        verb="procurement_plan.updated",
        target=plan,
        municipality_ags=plan.municipality.ags,
        data=changed,
    )
    _announce(
        actor=actor,
        plan=plan,
        verb="procurement_plan.updated",
        summary=_("Beschaffungsvorhaben geändert: %(subject)s") % {"subject": plan.subject},
        action="updated",
    )
    return plan


@transaction.atomic
def plan_delete(
    *, actor, plan: ProcurementPlan, expected_version: int | None = None
) -> ProcurementPlan:
    """Delete a plan softly (a regional admin can restore it); CDO or regional admin."""
    _check(actor, "collaboration.delete_plan", plan)
    plan.deleted_at = timezone.now()
    plan._history_user = actor
    if expected_version is None:
        expected_version = ProcurementPlan.all_objects.values_list("version", flat=True).get(
            pk=plan.pk
        )
    save_versioned(plan, expected_version=expected_version)
    audit_record(
        actor=actor,
        verb="procurement_plan.deleted",
        target=plan,
        municipality_ags=plan.municipality.ags,
    )
    _announce(
        actor=actor,
        plan=plan,
        verb="procurement_plan.deleted",
        summary=_("Beschaffungsvorhaben gelöscht: %(subject)s") % {"subject": plan.subject},
        action="deleted",
    )
    return plan


@transaction.atomic
def plan_restore(*, actor, plan: ProcurementPlan) -> ProcurementPlan:
    """Restore a deleted plan; regional admins only."""
    _check(actor, "collaboration.restore_plan", plan)
    if plan.deleted_at is None:
        return plan
    plan.deleted_at = None
    plan._history_user = actor
    stored = ProcurementPlan.all_objects.values_list("version", flat=True).get(pk=plan.pk)
    save_versioned(plan, expected_version=stored)
    audit_record(
        actor=actor,
        verb="procurement_plan.restored",
        target=plan,
        municipality_ags=plan.municipality.ags,
    )
    _announce(
        actor=actor,
        plan=plan,
        verb="procurement_plan.restored",
        summary=_("Beschaffungsvorhaben wiederhergestellt: %(subject)s")
        % {"subject": plan.subject},
        action="restored",
    )
    return plan
