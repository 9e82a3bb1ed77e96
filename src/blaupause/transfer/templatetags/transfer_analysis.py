"""Template tags of the transfer analysis for pages of other apps (the network page)."""

from django import template

from blaupause.strategies.constants import StrategyStatus
from blaupause.strategies.models import Strategy

from .. import rules_analysis  # noqa: F401 - registers the permissions checked here

register = template.Library()


@register.simple_tag
def analysis_blueprints(network, user) -> list[Strategy]:
    """Public blueprints a network's coordination or regional admin may analyse (one query);
    empty for everyone else (no query)."""
    if network is None or not user.has_perm("transfer.view_analysis_members", network):
        return []
    return list(
        Strategy.objects.filter(is_blueprint=True)
        .exclude(status=StrategyStatus.DRAFT)
        .only("slug", "title")
        .order_by("title")
    )
