"""Reads of minutes and decisions: those of an event, and the decisions behind a measure."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Decision
from .calendar import visible_events

__all__ = ["decision_get", "event_decisions", "measure_decisions"]


def event_decisions(*, event) -> list[Decision]:
    """The decisions of an event with what they link to (one query)."""
    return list(
        Decision.objects.filter(event=event)
        .select_related(
            "measure",
            "measure__strategy",
            "commitment",
            "commitment__municipality",
            "commitment__measure",
        )
        .order_by("order", "id")
    )


def decision_get(*, event, uuid) -> Decision:
    """One decision of an event, else 404."""
    from django.http import Http404

    decision = Decision.objects.filter(event=event, uuid=uuid).first()
    if decision is None:
        raise Http404
    decision.event = event
    return decision


def measure_decisions(*, measure, viewer) -> QuerySet[Decision]:
    """Decisions about a measure taken at events the viewer may see (one query)."""
    return (
        Decision.objects.filter(
            measure_id=measure.pk,
            event__deleted_at__isnull=True,
            event_id__in=visible_events(viewer).values("pk"),
        )
        .select_related("event")
        .order_by("-event__starts_at", "order", "id")
    )
