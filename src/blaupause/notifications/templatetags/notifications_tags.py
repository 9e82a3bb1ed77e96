"""Template tags for the header slot and the follow button."""

from django import template
from django.urls import reverse

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """Unread notifications of the logged-in person, counted once per request."""
    request = context.get("request")
    return selectors.unread_count(request) if request is not None else 0


@register.simple_tag(takes_context=True)
def follow_state(context, obj) -> dict:
    """What the follow button needs: whether the person follows `obj` and where to post."""
    request = context.get("request")
    user = getattr(request, "user", None)
    key = selectors.target_key(obj)
    return {
        "following": selectors.is_following(user=user, obj=obj) if user else False,
        "action": reverse("notifications:follow", kwargs={"key": key, "pk": obj.pk}),
        "dom_id": f"bp-follow-{key.replace('.', '-')}-{obj.pk}",
        "label": str(obj),
    }
