"""Reads for the page of one event, its management pages and the attendance list.

The number of queries does not grow with the number of agenda items, measures or
registrations: counts are aggregated, lists are loaded with their relations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from blaupause.strategies.models import Measure

from ..constants import RegistrationStatus
from ..models import AgendaItem, Event, Registration
from ..services import measures_visible_to_event, registration_closed_reason


def _event_queryset():
    return Event.objects.select_related(
        "network", "network__region", "region", "organiser"
    ).prefetch_related("invited_municipalities", "invited_users")


def _prime_rule_caches(event: Event) -> None:
    """Fill the caches `rules.py` reads, from the prefetched relations (no extra query)."""
    event._invited_user_ids = frozenset(user.pk for user in event.invited_users.all())
    event._invited_municipality_ids = frozenset(m.pk for m in event.invited_municipalities.all())


def event_get(*, uuid, viewer) -> Event:
    """The event if the viewer may see it; 404 otherwise (never tell that it exists)."""
    event = _event_queryset().filter(uuid=uuid).first()
    if event is None:
        raise Http404(_("Diese Veranstaltung gibt es nicht."))
    _prime_rule_caches(event)
    if not viewer.has_perm("events.view_event", event):
        raise Http404(_("Diese Veranstaltung gibt es nicht."))
    return event


def event_get_for_change(*, uuid, viewer) -> Event:
    """The event for a management page: 404 if unseen, PermissionDenied if not managed."""
    from django.core.exceptions import PermissionDenied

    from ..services import EVENT_DENIED

    event = event_get(uuid=uuid, viewer=viewer)
    if not viewer.has_perm("events.change_event", event):
        raise PermissionDenied(EVENT_DENIED)
    return event


@dataclass
class RegistrationState:
    """How many places are taken and where the viewer stands."""

    confirmed: int
    waitlisted: int
    capacity: int | None
    mine: Registration | None = None
    position: int | None = None
    closed_reason: str = ""

    @property
    def free(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed, 0)

    @property
    def full(self) -> bool:
        return self.capacity is not None and (
            self.confirmed >= self.capacity or self.waitlisted > 0
        )


def registration_state(*, event: Event, viewer) -> RegistrationState:
    counts = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    state = RegistrationState(
        confirmed=counts["confirmed"],
        waitlisted=counts["waitlisted"],
        capacity=event.capacity,
        closed_reason=registration_closed_reason(event),
    )
    if getattr(viewer, "is_authenticated", False):
        state.mine = (
            Registration.objects.filter(event=event, user=viewer)
            .exclude(status=RegistrationStatus.CANCELLED)
            .first()
        )
        if state.mine is not None and state.mine.status == RegistrationStatus.WAITLISTED:
            ahead = Registration.objects.filter(
                Q(registered_at__lt=state.mine.registered_at)
                | Q(registered_at=state.mine.registered_at, pk__lt=state.mine.pk),
                event=event,
                status=RegistrationStatus.WAITLISTED,
            ).count()
            state.position = ahead + 1
    return state


@dataclass
class EventPage:
    event: Event
    agenda: list[AgendaItem]
    registration: RegistrationState
    can_manage: bool
    can_register: bool
    show_video: bool
    invited_municipalities: list = field(default_factory=list)


def _agenda(event: Event) -> list[AgendaItem]:
    measures = Measure.objects.select_related("strategy").order_by("key")
    return list(
        AgendaItem.objects.filter(event=event)
        .order_by("order", "id")
        .prefetch_related(Prefetch("measures", queryset=measures))
    )


def event_page(*, event: Event, viewer) -> EventPage:
    """Everything the detail page shows, for this viewer."""
    state = registration_state(event=event, viewer=viewer)
    can_manage = viewer.has_perm("events.change_event", event)
    confirmed = state.mine is not None and state.mine.status == RegistrationStatus.CONFIRMED
    return EventPage(
        event=event,
        agenda=_agenda(event),
        registration=state,
        can_manage=can_manage,
        can_register=viewer.has_perm("events.register_event", event),
        show_video=bool(event.video_url) and (confirmed or can_manage),
        invited_municipalities=sorted(event.invited_municipalities.all(), key=lambda m: m.name),
    )


def agenda_measure_choices(event: Event):
    """Measures offered for agenda items: those the event's network may see, own ones first."""
    queryset = Measure.objects.filter(measures_visible_to_event(event)).select_related("strategy")
    if event.network_id:
        queryset = queryset.filter(
            Q(strategy__network_id=event.network_id)
            | Q(strategy__network__region_id=event.network.region_id)
            if event.network.region_id
            else Q(strategy__network_id=event.network_id)
        )
    elif event.region_id:
        queryset = queryset.filter(strategy__network__region_id=event.region_id)
    return queryset.order_by("strategy__title", "field__order", "order", "key")


def agenda_items(event: Event) -> list[AgendaItem]:
    return _agenda(event)


def attendance_list(*, event: Event) -> list[Registration]:
    """Every registration that is not cancelled, confirmed first, in the order of arrival."""
    rows = list(
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user", "municipality")
        .order_by("registered_at", "id")
    )
    rows.sort(key=lambda r: r.status != RegistrationStatus.CONFIRMED)
    return rows
