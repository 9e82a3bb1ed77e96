"""Shared steps of the strategy services: permission, history bookkeeping, keys."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from blaupause.core.audit import audit_record
from blaupause.core.concurrency import save_versioned

CHANGE_DENIED = gettext_lazy(
    "Nur die Koordination des Netzwerks, die Digitalverantwortlichen der Kommune und die "
    "Regionaladministration können diese Strategie ändern."
)

_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slug(text: str) -> str:
    """'Lippe lebt Digitalisierung!' -> 'lippe-lebt-digitalisierung'."""
    return slugify((text or "").translate(_UMLAUTS))


def require_change(actor, strategy) -> None:
    """`actor=None` is the system (command line, loaders); a person needs the change right."""
    if actor is not None and not actor.has_perm("strategies.change_strategy", strategy):
        raise PermissionDenied(CHANGE_DENIED)


def person(actor):
    """The user to record in history and audit: nobody for the system or anonymous callers."""
    return actor if getattr(actor, "is_authenticated", False) else None


def audit(actor, verb: str, target, *, strategy, data: dict | None = None) -> None:
    audit_record(
        actor=person(actor),
        verb=verb,
        target=target,
        data=data or {},
        municipality_ags=strategy.audit_municipality_ags,
    )


def _mark(instance: models.Model, actor, reason: str) -> None:
    instance._history_user = person(actor)
    instance._change_reason = reason


def save_new(
    instance: models.Model,
    *,
    actor,
    reason: str = "",
    links: Mapping[str, Iterable[models.Model]] | None = None,
) -> models.Model:
    """Insert `instance` and its many-to-many links with exactly one history row ("+").

    django-simple-history writes a row for the insert and one more for every change of a
    tracked link; here the links are set first and the single row records them all.
    """
    _mark(instance, actor, reason)
    if not links:
        instance.save()
        return instance
    instance.skip_history_when_saving = True
    try:
        instance.save()
        for name, objects in links.items():
            getattr(instance, name).set(list(objects))
    finally:
        del instance.skip_history_when_saving
    instance.save(update_fields=["updated_at"])  # writes the history row, with the links
    type(instance).history.filter(id=instance.pk).update(history_type="+")
    return instance


def save_changed(
    instance: models.Model,
    *,
    actor,
    expected_version: int | None,
    reason: str = "",
    links: Mapping[str, Iterable[models.Model]] | None = None,
) -> models.Model:
    """Update `instance` (and its links) with one history row and a version check.

    `expected_version=None` skips the check (deletions, restores and loaders, which act on
    the current row anyway); the version still grows by one.
    """
    _mark(instance, actor, reason)
    if links:
        instance.skip_history_when_saving = True
        try:
            for name, objects in links.items():
                getattr(instance, name).set(list(objects))
        finally:
            del instance.skip_history_when_saving
    if expected_version is None:
        instance.version += 1
        instance.save()
        return instance
    # Raises EditConflict when someone saved in between; the caller's transaction then rolls
    # the link changes back as well.
    return save_versioned(instance, expected_version=expected_version)
