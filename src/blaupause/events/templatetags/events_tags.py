"""Template tags of the events app for the slots in other apps' pages (one query each)."""

from __future__ import annotations

from django import template

from ..selectors.calendar import municipality_upcoming_events, network_upcoming_events
from ..selectors.minutes import event_decisions, measure_decisions

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def upcoming_network_events(context, network, limit: int = 3):
    """The next events of a network the viewer may see."""
    return network_upcoming_events(user=_user(context), network=network, limit=limit)


@register.simple_tag(takes_context=True)
def upcoming_municipality_events(context, municipality, limit: int = 5):
    """The next visible events of the networks a municipality belongs to."""
    return municipality_upcoming_events(user=_user(context), municipality=municipality, limit=limit)


@register.simple_tag(takes_context=True)
def decisions_for_measure(context, measure):
    """Decisions about a measure taken at events the viewer may see."""
    return list(measure_decisions(measure=measure, viewer=_user(context)))


@register.simple_tag
def decisions_of_event(event):
    return event_decisions(event=event)


@register.simple_tag(takes_context=True)
def event_perm(context, perm: str, obj) -> bool:
    """Whether the viewer has an events permission on an object (`add_event`, `change_event`)."""
    user = _user(context)
    return bool(user is not None and obj is not None and user.has_perm(f"events.{perm}", obj))
