"""Template helpers: roll-ups of a measure, field or goal from a `StrategyRollup`, and cells.

Usage: ``{% with r=rollups|measure_rollup:measure %}`` then include
``commitments/components/rollup.html`` with ``rollup=r name=measure.title``.

`progress_cell` and `status_badge` are filters rather than included templates because they
sit in table rows: the dashboards render hundreds of them, and an include per cell was about
a third of a dashboard's rendering time.
"""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

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


@register.filter
def progress_cell(value) -> str:
    """Progress (0–100 or None) in a table cell: the number, and a small bar for the eye."""
    if value is None:
        return "–"
    return format_html(
        '<span class="bp-progress-cell"><progress class="bp-progress-cell__bar" max="100" '
        'value="{}" aria-hidden="true"></progress>'
        '<span class="bp-progress-cell__value">{} %</span></span>',
        value,
        value,
    )


@register.filter
def status_badge(status: str, label: str) -> str:
    """A status (value) with its colour swatch and its label."""
    return format_html(
        '<span class="bp-status"><span class="bp-status__dot bp-status--{}" aria-hidden="true">'
        "</span>{}</span>",
        status,
        label,
    )
