"""Template tags for the joint project slots in other apps' pages (a fixed number of queries)."""

from __future__ import annotations

from django import template

from ..selectors.projects import projects_for_measure, projects_for_municipality

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def measure_projects(context, measure, limit: int = 10):
    """Joint projects on a measure that the viewer may see."""
    from django.contrib.auth.models import AnonymousUser

    user = _user(context) or AnonymousUser()
    return list(projects_for_measure(viewer=user, measure=measure)[:limit])


@register.simple_tag(takes_context=True)
def municipality_projects(context, municipality, limit: int = 10):
    """Joint projects a municipality leads or is invited to or takes part in, as far as the
    viewer may see them."""
    from django.contrib.auth.models import AnonymousUser

    user = _user(context) or AnonymousUser()
    return list(projects_for_municipality(viewer=user, municipality=municipality)[:limit])
