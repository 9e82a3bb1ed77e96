"""Template tags of learning offers for the slots in other apps' pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template

from ..selectors.learning import (
    SUGGESTION_LIMIT,
    OfferSuggestion,
    offers_for_gaps,
    offers_for_municipality,
    participation_list,
)

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def learning_offers_for_assessment(context, assessment, limit: int = SUGGESTION_LIMIT):
    """Offers for the largest gaps of a self-check; empty unless the viewer may see its answers."""
    user = _user(context)
    if user is None or assessment is None:
        return []
    if not user.has_perm("assessments.view_assessment", assessment.municipality):
        return []
    return offers_for_gaps(assessment, limit=limit)


@dataclass
class MunicipalityLearning:
    visible: bool = False
    can_record: bool = False
    assessment: object | None = None
    suggestions: list[OfferSuggestion] = field(default_factory=list)
    participations: list = field(default_factory=list)


@register.simple_tag(takes_context=True)
def municipality_learning(context, municipality, limit: int = SUGGESTION_LIMIT):
    """Suggested offers and recent participations of a municipality for its members and its
    regional admins (three to five queries); nothing for everyone else."""
    user = _user(context)
    if user is None or municipality is None:
        return MunicipalityLearning()
    if not user.has_perm("knowledge.view_participations", municipality):
        return MunicipalityLearning()
    assessment, suggestions = offers_for_municipality(municipality=municipality, limit=limit)
    return MunicipalityLearning(
        visible=True,
        can_record=user.has_perm("knowledge.record_participation", municipality),
        assessment=assessment,
        suggestions=suggestions,
        participations=participation_list(municipality=municipality, limit=5),
    )
