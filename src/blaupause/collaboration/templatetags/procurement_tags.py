"""Template tags for the procurement slot in other apps' pages (one query each)."""

from __future__ import annotations

from django import template

from ..selectors.procurement import plans_of_municipality

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def municipality_plans(context, municipality, limit: int = 10):
    """What the municipality page's slot needs: ``plans`` the viewer may see (nothing for
    anonymous visitors), ``visible`` (whether the viewer may see plans of this municipality at
    all) and ``can_add`` (the viewer may record a plan for it)."""
    user = _user(context)
    if user is None or not getattr(user, "is_authenticated", False):
        return {"plans": [], "visible": False, "can_add": False}
    plans = plans_of_municipality(municipality=municipality, viewer=user, limit=limit)
    can_add = user.has_perm("collaboration.add_plan", municipality)
    visible = bool(plans) or can_add or _may_see(user, municipality)
    return {"plans": plans, "visible": visible, "can_add": can_add}


def _may_see(user, municipality) -> bool:
    from ..models import ProcurementPlan

    return user.has_perm("collaboration.view_plan", ProcurementPlan(municipality=municipality))
