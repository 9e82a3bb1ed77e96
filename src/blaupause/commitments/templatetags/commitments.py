"""Template helpers: the roll-up of a measure, field or goal from a `StrategyRollup`.

Usage: ``{% with r=rollups|measure_rollup:measure %}`` then include
``commitments/components/rollup.html`` with ``rollup=r name=measure.title``.
"""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


def _id(value):
    return getattr(value, "pk", value)


@register.filter
def measure_rollup(strategy_rollup, measure):
    """The roll-up of one measure from a `StrategyRollup` (empty when nobody committed)."""
    return strategy_rollup.measure(_id(measure))


@register.filter
def field_rollup(strategy_rollup, field_of_action):
    return strategy_rollup.field(_id(field_of_action))


@register.filter
def goal_rollup(strategy_rollup, goal):
    return strategy_rollup.goal(_id(goal))


@register.filter
def measure_url(measure) -> str:
    """The public page of a measure, or "" where the strategy pages are not installed."""
    try:
        return reverse(
            "strategies:measure_detail", kwargs={"slug": measure.strategy.slug, "key": measure.key}
        )
    except NoReverseMatch:
        return ""


@register.filter
def strategy_url(strategy) -> str:
    """The public page of a strategy, or "" where the strategy pages are not installed."""
    try:
        return reverse("strategies:strategy_detail", kwargs={"slug": strategy.slug})
    except NoReverseMatch:
        return ""
