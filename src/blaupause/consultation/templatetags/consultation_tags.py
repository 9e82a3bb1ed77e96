"""Template tags for the consultation slots on the strategy and measure pages."""

from types import SimpleNamespace

from django import template

from .. import selectors
from ..forms import ConsultationOpenForm

register = template.Library()


@register.simple_tag
def consultation_summary(strategy):
    """The latest round of `strategy` with `comment_count` (one query), or None."""
    return selectors.strategy_consultation_summary(strategy=strategy)


@register.simple_tag
def consultation_open_form():
    return ConsultationOpenForm(auto_id="id_konsultation_%s")


@register.simple_tag
def measure_consultation(measure, strategy):
    """Number of comments on a measure and whether a round runs (two queries), or None."""
    latest = selectors.strategy_consultation_summary(strategy=strategy)
    if latest is None:
        return None
    count = selectors.measure_comment_count(measure=measure)
    return SimpleNamespace(count=count, is_open=latest.is_open())
