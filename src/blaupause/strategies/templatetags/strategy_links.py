"""Template tags that let other apps' pages point to strategies without importing this app."""

from django import template

from blaupause.strategies.selectors import strategy_list

register = template.Library()


@register.inclusion_tag("strategies/components/strategy_links.html", takes_context=True)
def strategies_of(context, owner):
    """The strategies of a network or municipality that the viewer may see (one query)."""
    field = "network" if owner._meta.model_name == "network" else "municipality"
    viewer = context["request"].user
    return {"strategies": list(strategy_list(viewer=viewer).filter(**{field: owner}))}
