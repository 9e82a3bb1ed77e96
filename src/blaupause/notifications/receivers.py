"""Receives `core.signals.activity` and turns it into notifications for followers.

Also listens to `strategies.signals.item_changed`, so that a changed value, goal, measure …
of a followed strategy reaches its followers without the strategies app knowing about us.

Notifications are a side effect: a failure here is logged and never undoes or breaks what the
person did (the activity was committed already).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext as _

from blaupause.core.signals import activity
from blaupause.strategies.signals import item_changed

from . import services

logger = logging.getLogger(__name__)


@receiver(activity, dispatch_uid="notifications.activity")
def on_activity(
    sender, *, target, verb, actor=None, summary="", url="", private=False, **kwargs
) -> None:
    try:
        services.activity_fan_out(
            target=target, verb=verb, actor=actor, summary=summary, url=url, private=private
        )
    except Exception:  # never break the sender's request for a notification
        logger.exception("notifications for %s on %r failed", verb, target)


def _item_summary(item, kind, action: str, strategy) -> str:
    label = kind.label_of(item)
    texts = {
        "added": _("%(kind)s „%(label)s“ wurde in „%(strategy)s“ ergänzt."),
        "changed": _("%(kind)s „%(label)s“ in „%(strategy)s“ wurde geändert."),
        "deleted": _("%(kind)s „%(label)s“ wurde aus „%(strategy)s“ entfernt."),
        "restored": _("%(kind)s „%(label)s“ in „%(strategy)s“ wurde wiederhergestellt."),
    }
    text = texts.get(action, texts["changed"])
    return text % {"kind": kind.label, "label": label, "strategy": strategy.title}


def _item_url(item, action: str, strategy) -> str:
    if action != "deleted" and hasattr(item, "get_absolute_url"):
        try:
            return item.get_absolute_url()
        except Exception:  # a missing route must not stop the notification
            logger.debug("no url for %r", item)
    return strategy.get_absolute_url()


@receiver(item_changed, dispatch_uid="notifications.item_changed")
def on_item_changed(sender, *, item, kind, action, actor=None, **kwargs) -> None:
    """A changed item of a strategy: its followers, the strategy's and the network's hear of
    it after commit; only those who may see the strategy (drafts stay among their editors)."""
    measure = getattr(item, "measure", None)
    strategy = measure.strategy if measure is not None else getattr(item, "strategy", None)
    if strategy is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        summary = _item_summary(item, kind, action, strategy)
    url = _item_url(item, action, strategy)
    verb = f"{kind.name}.{action}"

    def send() -> None:
        on_activity(
            sender=type(item),
            target=item,
            verb=verb,
            actor=actor,
            summary=summary,
            url=url,
            private=True,
        )

    transaction.on_commit(send)


def on_user_saved(sender, instance, created: bool = False, **kwargs) -> None:
    """Account erasure (see `privacy`): an erased account keeps nothing of this app."""
    from blaupause.accounts.privacy import is_erased

    if not created and is_erased(instance):
        from .privacy import erase

        erase(instance)


post_save.connect(
    on_user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="notifications.user_erased"
)
