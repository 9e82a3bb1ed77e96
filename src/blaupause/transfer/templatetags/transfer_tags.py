"""Template tags for the transfer components included on strategy, measure and network pages."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def adoption_of(strategy):
    """The adoption behind `strategy` (one query), or None."""
    return selectors.adoption_for_strategy(strategy)


@register.simple_tag
def item_lineage(item):
    """Origin and reasons of one item of an adopted strategy (two queries), or None."""
    return selectors.item_lineage(item)


@register.simple_tag
def can_adopt(user, network) -> bool:
    return bool(network is not None and user.has_perm("transfer.adopt_blueprint", network))
