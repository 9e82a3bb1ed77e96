"""Template tags for the synergy slots on the municipality and regional dashboards.

Each costs two queries (suggestions, their municipalities) plus the viewer's roles, which the
page has usually loaded already.
"""

from __future__ import annotations

from django import template

from ..selectors.synergy import suggestions_for_municipality, suggestions_for_region

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def municipality_synergies(context, municipality, limit: int = 5) -> list:
    """The strongest open suggestions of a municipality that the viewer may see."""
    user = _user(context)
    if municipality is None or not getattr(user, "is_authenticated", False):
        return []
    return suggestions_for_municipality(viewer=user, municipality=municipality, limit=limit)


@register.simple_tag(takes_context=True)
def regional_synergies(context, region, limit: int = 5) -> list:
    """The strongest open suggestions of a region that the viewer may see."""
    user = _user(context)
    if region is None or not getattr(user, "is_authenticated", False):
        return []
    return suggestions_for_region(viewer=user, region=region, limit=limit)
