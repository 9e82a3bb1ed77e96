"""Template tags of the workshops app: the slots on strategy pages and small helpers."""

from __future__ import annotations

from django import template

from ..selectors import workshop_list_for_strategy
from ..selectors.outcome import item_origin

register = template.Library()


def _viewer(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def workshop_origin(context, item):
    """The workshop an item was promoted from (see `selectors.outcome.item_origin`)."""
    return item_origin(item=item, viewer=_viewer(context))


@register.simple_tag(takes_context=True)
def strategy_workshops(context, strategy):
    """Workshops of the strategy the viewer takes part in or may facilitate."""
    viewer = _viewer(context)
    if strategy is None or not getattr(viewer, "is_authenticated", False):
        return []
    return list(workshop_list_for_strategy(strategy=strategy, viewer=viewer))


@register.filter
def dots(count) -> range:
    """`{% for dot in 3|dots %}` repeats three times."""
    try:
        return range(max(int(count), 0))
    except (TypeError, ValueError):
        return range(0)
