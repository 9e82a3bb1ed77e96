"""Signal receivers that keep the search index current.

`connect()` is called from `KnowledgeConfig.ready`. Models are looked up through the app
registry, so a missing app or model only disables its part of the index. Soft deletes save the
row with `deleted_at` set, which `index_object` turns into a removal. Index errors are logged and
never break the save that caused them; the update runs in the saving transaction, so a
rolled-back save leaves the index as it was (`rebuild_search_index` repairs the index).
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import indexing

logger = logging.getLogger(__name__)

_connected = False


def _safely(action, obj) -> None:
    """Run an index update in the saving transaction (a savepoint: a failure is only logged)."""
    try:
        with transaction.atomic():
            action(obj)
    except (DatabaseError, LookupError, AttributeError, ValueError) as error:
        logger.warning("search index update failed for %r: %s", obj, error)


def on_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata: the index is rebuilt afterwards
        return
    _safely(indexing.index_object, instance)


def on_delete(sender, instance, **kwargs) -> None:
    kind = indexing.kind_of(instance)
    pk = instance.pk
    if kind is None or pk is None:
        return

    def remove(_):
        indexing._delete_rows([(kind, pk)])

    _safely(remove, instance)


def on_strategy_save(sender, instance, raw=False, **kwargs) -> None:
    """A strategy's status decides whether its measures are found: reindex them."""
    if raw:
        return

    def reindex(strategy):
        for measure in strategy.measures.all().select_related("field", "strategy"):
            indexing.index_object(measure)

    _safely(reindex, instance)


def on_m2m(sender, instance, action, **kwargs) -> None:
    from blaupause.core.backup import is_restoring

    # m2m_changed has no `raw` flag; a restore rebuilds the index when it is done.
    if action in ("post_add", "post_remove", "post_clear") and not is_restoring():
        on_save(type(instance), instance)


def on_partner_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    _safely(lambda partner: indexing.index_object(partner.project), instance)


def on_restore(sender=None, **kwargs) -> None:
    """A restored backup holds no index (it is derived data): build it from the content."""
    count = indexing.rebuild()
    logger.info("search index rebuilt after restore: %s documents", count)


def connect() -> None:
    """Connect the receivers (once)."""
    global _connected
    if _connected:
        return
    _connected = True
    for label in indexing.MODEL_KINDS:
        try:
            model = apps.get_model(label)
        except LookupError:
            logger.info("search: %s is not installed, not indexed", label)
            continue
        uid = f"knowledge.search.{label}"
        post_save.connect(on_save, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"{uid}.delete")
    optional = [
        ("strategies.Strategy", post_save, on_strategy_save),
        ("collaboration.ProjectPartner", post_save, on_partner_save),
    ]
    for label, signal, receiver in optional:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        signal.connect(receiver, sender=model, dispatch_uid=f"knowledge.search.{label}")
    from blaupause.core.backup import backup_restored

    backup_restored.connect(on_restore, dispatch_uid="knowledge.search.restore")
    try:
        through = apps.get_model("strategies.Measure").life_areas.through
        m2m_changed.connect(on_m2m, sender=through, dispatch_uid="knowledge.search.life_areas")
    except (LookupError, AttributeError):
        pass
