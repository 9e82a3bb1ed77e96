"""Events: read what the caller may see (public events for anonymous callers)."""

from __future__ import annotations

import datetime
from uuid import UUID

from django.http import HttpRequest, HttpResponse

from ninja import Query, Router

from blaupause.events.selectors.calendar import BERLIN, event_get_visible, visible_events
from blaupause.regions.selectors import network_get

from ..auth import optional_auth
from ..caching import set_last_modified
from ..pagination import Page, page
from ..schemas.common import read
from ..schemas.events import EventFilters, EventOut

router = Router(tags=["Veranstaltungen"], auth=optional_auth)


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=BERLIN)


@router.get("/events/", response=read(Page[EventOut]), summary="Veranstaltungen")
def event_list(request: HttpRequest, response: HttpResponse, filters: Query[EventFilters]):
    rows = visible_events(request.auth).select_related("network", "region")
    if filters.network:
        rows = rows.filter(network=network_get(slug=filters.network))
    if filters.from_:
        rows = rows.filter(ends_at__gte=_day_start(filters.from_))
    if filters.to:
        rows = rows.filter(starts_at__lt=_day_start(filters.to + datetime.timedelta(days=1)))
    result = page(rows.order_by("starts_at", "id"), filters)
    set_last_modified(response, *(row.updated_at for row in result["items"]))
    return result


@router.get("/events/{uuid}", response=read(EventOut), summary="Eine Veranstaltung")
def event_detail(request: HttpRequest, response: HttpResponse, uuid: UUID):
    event = event_get_visible(user=request.auth, uuid=uuid)
    set_last_modified(response, event.updated_at)
    return event
