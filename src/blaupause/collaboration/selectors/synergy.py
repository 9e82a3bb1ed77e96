"""Selectors of the collaboration app: synergy suggestions for lists, dashboards and detail.

Every selector filters to what the viewer may see (`rules/synergy.py` in query form) and
hides what the viewer's municipality (or, for the regional view, the region) dismissed.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from blaupause.regions.models import Municipality

from ..constants import SuggestionStatus
from ..models import SynergyDismissal, SynergySuggestion

__all__ = [
    "suggestion_get_for_viewer",
    "suggestion_list_for_viewer",
    "suggestions_for_municipality",
    "suggestions_for_region",
]


def _visible_q(viewer) -> Q | None:
    """Suggestions the viewer may see, as a filter; None: nothing."""
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return None
    if viewer.is_superuser:
        return Q()
    roles = viewer.roles
    condition = Q(pk__in=[])
    if roles.member_municipality_ids:
        condition |= Q(municipalities__in=sorted(roles.member_municipality_ids))
    if roles.regional_admin_region_ids:
        condition |= Q(region_id__in=sorted(roles.regional_admin_region_ids))
    if roles.coordinated_network_ids:
        condition |= Q(municipalities__networks__in=sorted(roles.coordinated_network_ids))
    return condition


def _planned(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(
        "region", "existing_project", "converted_project"
    ).prefetch_related(
        Prefetch(
            "municipalities",
            queryset=Municipality.objects.select_related("district").order_by("name"),
        )
    )


def _visible(viewer) -> QuerySet:
    condition = _visible_q(viewer)
    if condition is None:
        return SynergySuggestion.objects.none()
    matching = SynergySuggestion.objects.filter(condition).values("pk")
    return SynergySuggestion.objects.filter(pk__in=matching)


def _dismissed_for(municipality_ids, *, regional: bool):
    dismissals = SynergyDismissal.objects.filter(suggestion=OuterRef("pk"))
    if regional:
        return Exists(dismissals.filter(municipality__isnull=True))
    return Exists(dismissals.filter(municipality_id__in=sorted(municipality_ids)))


def suggestion_list_for_viewer(
    *, viewer, municipality: Municipality | None = None, include_dismissed: bool = False
) -> QuerySet[SynergySuggestion]:
    """Open suggestions the viewer may see, optionally only those of one municipality.

    Dismissed ones are hidden unless asked for: those dismissed by one of the viewer's
    municipalities, and for viewers without a municipality those dismissed for the region.
    """
    suggestions = _visible(viewer).filter(status=SuggestionStatus.OPEN)
    if municipality is not None:
        suggestions = suggestions.filter(municipalities=municipality)
    if getattr(viewer, "is_authenticated", False):
        member_ids = viewer.roles.member_municipality_ids
        if municipality is not None and municipality.pk in member_ids:
            dismissed = _dismissed_for([municipality.pk], regional=False)
        elif member_ids:
            dismissed = _dismissed_for(member_ids, regional=False)
        else:
            dismissed = _dismissed_for((), regional=True)
        suggestions = suggestions.annotate(is_dismissed=dismissed)
        if not include_dismissed:
            suggestions = suggestions.filter(is_dismissed=False)
    return _planned(suggestions).order_by("-score", "id")


def suggestions_for_municipality(*, viewer, municipality: Municipality, limit: int = 5) -> list:
    """The best open suggestions of a municipality for its dashboard (two queries)."""
    return list(suggestion_list_for_viewer(viewer=viewer, municipality=municipality)[:limit])


def suggestions_for_region(*, viewer, region, limit: int = 5) -> list:
    """The best open suggestions of a region for the regional dashboard, without those the
    region dismissed (two queries)."""
    suggestions = (
        _visible(viewer)
        .filter(status=SuggestionStatus.OPEN, region=region)
        .exclude(_dismissed_for((), regional=True))
    )
    return list(_planned(suggestions).order_by("-score", "id")[:limit])


def suggestion_get_for_viewer(*, viewer, uuid) -> SynergySuggestion:
    """One suggestion with its plans, commitments and dismissals; 404 when not visible."""
    from blaupause.commitments.models import Commitment

    from ..models import ProcurementPlan

    suggestion = (
        _planned(_visible(viewer).filter(uuid=uuid))
        .prefetch_related(
            Prefetch(
                "plans",
                queryset=ProcurementPlan.objects.select_related("municipality").order_by(
                    "planned_on", "id"
                ),
            ),
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related(
                    "municipality", "measure__strategy"
                ).order_by("municipality__name"),
            ),
            Prefetch(
                "dismissals",
                queryset=SynergyDismissal.objects.select_related("municipality", "user").order_by(
                    "created_at"
                ),
            ),
        )
        .first()
    )
    if suggestion is None:
        raise Http404
    return suggestion
