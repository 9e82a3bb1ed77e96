"""Template tag of the strategy process guide for the network page (`components/network_guide`)."""

from django import template

from .. import (
    rules_guide,  # noqa: F401  (registers the permissions checked below)
    selectors_guide,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def network_process(context, network):
    """Where the network stands in its strategy process, or None when the viewer may not see
    the guide (no query for anonymous visitors, four for those who may)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if network is None or user is None or not user.is_authenticated:
        return None
    if not user.has_perm("transfer.view_network_guide", network):
        return None
    return selectors_guide.network_guide_summary(network=network)
