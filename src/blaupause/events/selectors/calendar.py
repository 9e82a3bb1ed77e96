"""Reads of the calendar: which events a person may see (as one query filter), the list and
month views, the upcoming events of a network or municipality, and the iCal feeds.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from blaupause.core.hashing import hash_secret

from ..constants import EVENT_TIME_ZONE, Audience, RegistrationStatus
from ..models import CalendarFeed, Event, Registration

__all__ = [
    "CalendarFilters",
    "calendar_events",
    "calendar_feed_of",
    "event_get_visible",
    "event_list_rows",
    "feed_by_token",
    "month_grid",
    "month_range",
    "municipality_upcoming_events",
    "network_feed_events",
    "network_upcoming_events",
    "private_feed_events",
    "visible_events",
]

BERLIN = ZoneInfo(EVENT_TIME_ZONE)


def _roles(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.roles


def visible_filter(user) -> Q:
    """A filter on Event equal to the rule `events.view_event` (see `events/rules.py`)."""
    public = Q(audience=Audience.PUBLIC)
    if not getattr(user, "is_authenticated", False):
        return public
    if user.is_active and user.is_superuser:
        return Q()
    # The organiser predicate only asks for a logged-in user.
    condition = public | Q(organiser_id=user.pk)
    roles = _roles(user)
    if roles is None:
        return condition
    members = roles.member_municipality_ids
    coordinated = roles.coordinated_network_ids
    admin_regions = roles.regional_admin_region_ids
    # Managers: coordination of the network, regional admins of the (network's) region.
    condition |= Q(network_id__in=coordinated)
    condition |= Q(region_id__in=admin_regions) | Q(network__region_id__in=admin_regions)
    # Members of the network's municipalities (or its coordination).
    member_networks = Event.network.field.related_model.municipalities.through.objects.filter(
        municipality_id__in=members
    ).values("network_id")
    member_condition = Q(network_id__in=member_networks) | Q(network_id__in=coordinated)
    if members or coordinated or roles.is_regional_admin:
        member_condition |= Q(network__isnull=True)  # regional events: any role in the region
    condition |= Q(audience=Audience.MEMBERS) & member_condition
    # Invited people and members of invited municipalities.
    invited_people = Event.invited_users.through.objects.filter(user_id=user.pk).values("event_id")
    invited_places = Event.invited_municipalities.through.objects.filter(
        municipality_id__in=members
    ).values("event_id")
    condition |= Q(audience=Audience.INVITED) & (
        Q(pk__in=invited_people) | Q(pk__in=invited_places)
    )
    return condition


def visible_events(user) -> QuerySet[Event]:
    """Events (not deleted) the user may see, filtered in the database like `view_event`."""
    return Event.objects.filter(visible_filter(user))


def _with_rows(queryset: QuerySet[Event], user) -> QuerySet[Event]:
    """What a list row shows: owner names and the viewer's own registration status."""
    queryset = queryset.select_related("network", "region")
    if getattr(user, "is_authenticated", False):
        own = Registration.objects.filter(event=OuterRef("pk"), user_id=user.pk).exclude(
            status=RegistrationStatus.CANCELLED
        )
        queryset = queryset.annotate(my_status=Subquery(own.values("status")[:1]))
    return queryset


@dataclass
class CalendarFilters:
    """Parsed, valid filters of the calendar (see `events.views.calendar.CalendarFilterForm`)."""

    network: object | None = None
    region: object | None = None
    format: str = ""
    mine: bool = False
    past: bool = False


def _filtered(queryset: QuerySet[Event], user, filters: CalendarFilters) -> QuerySet[Event]:
    if filters.network is not None:
        queryset = queryset.filter(network=filters.network)
    if filters.region is not None:
        queryset = queryset.filter(Q(region=filters.region) | Q(network__region=filters.region))
    if filters.format:
        queryset = queryset.filter(format=filters.format)
    if filters.mine and getattr(user, "is_authenticated", False):
        own = Registration.objects.filter(user_id=user.pk).exclude(
            status=RegistrationStatus.CANCELLED
        )
        queryset = queryset.filter(pk__in=own.values("event_id"))
    return queryset


def calendar_events(*, user, filters: CalendarFilters, now=None) -> QuerySet[Event]:
    """Upcoming (or past) events the user may see, with the filters applied, for the list."""
    now = now or timezone.now()
    queryset = _filtered(visible_events(user), user, filters)
    if filters.past:
        queryset = queryset.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    else:
        queryset = queryset.filter(ends_at__gte=now).order_by("starts_at", "id")
    return _with_rows(queryset, user)


def event_list_rows(events) -> list[dict]:
    """Group events by month (in Berlin time): [{"month": date, "events": [...]}, …]."""
    groups: list[dict] = []
    for event in events:
        local = timezone.localtime(event.starts_at, BERLIN)
        month = datetime.date(local.year, local.month, 1)
        if not groups or groups[-1]["month"] != month:
            groups.append({"month": month, "events": []})
        groups[-1]["events"].append(event)
    return groups


def month_range(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """First and last day shown in the month grid (whole weeks, Monday first)."""
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return weeks[0][0], weeks[-1][-1]


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    events: list = field(default_factory=list)


def month_grid(*, user, year: int, month: int, filters: CalendarFilters) -> list[list[Day]]:
    """Weeks of a month, each a list of seven days with the visible events of that day."""
    first, last = month_range(year, month)
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=BERLIN)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, BERLIN)
    queryset = _filtered(visible_events(user), user, filters).filter(
        starts_at__lt=end, ends_at__gt=start
    )
    events = list(_with_rows(queryset.order_by("starts_at", "id"), user))
    today = timezone.localdate(timezone=BERLIN)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    days = {
        day: Day(date=day, in_month=day.month == month, is_today=day == today)
        for week in weeks
        for day in week
    }
    for event in events:
        day = max(timezone.localtime(event.starts_at, BERLIN).date(), first)
        # An event ending at midnight does not occupy the next day.
        final = timezone.localtime(event.ends_at - datetime.timedelta(microseconds=1), BERLIN)
        final_day = min(final.date(), last)
        while day <= final_day:
            days[day].events.append(event)
            day += datetime.timedelta(days=1)
    return [[days[day] for day in week] for week in weeks]


def _upcoming(queryset: QuerySet[Event], user, limit: int) -> list[Event]:
    now = timezone.now()
    rows = queryset.filter(ends_at__gte=now).order_by("starts_at", "id")
    return list(_with_rows(rows, user)[:limit])


def network_upcoming_events(*, user, network, limit: int = 3) -> list[Event]:
    """The next events of a network the user may see."""
    return _upcoming(visible_events(user).filter(network=network), user, limit)


def municipality_upcoming_events(*, user, municipality, limit: int = 5) -> list[Event]:
    """The next visible events of the networks a municipality belongs to."""
    through = Event.network.field.related_model.municipalities.through
    networks = through.objects.filter(municipality_id=municipality.pk).values("network_id")
    return _upcoming(visible_events(user).filter(network_id__in=networks), user, limit)


# --- iCal feeds ----------------------------------------------------------------------------------

#: Feeds carry past events this far back; calendar programs keep older ones themselves.
FEED_PAST_DAYS = 180


def event_get_visible(*, user, uuid) -> Event:
    """One event the user may see, else 404."""
    event = visible_events(user).select_related("network", "region").filter(uuid=uuid).first()
    if event is None:
        raise Http404(_("Diese Veranstaltung gibt es nicht."))
    return event


def _feed_window(queryset: QuerySet[Event]) -> QuerySet[Event]:
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    return queryset.filter(ends_at__gte=since).order_by("starts_at", "id")


def network_feed_events(*, network) -> QuerySet[Event]:
    """Events of a network that everyone may see (the feed is public, no login)."""
    return _feed_window(visible_events(AnonymousUser()).filter(network=network))


def feed_by_token(*, token: str):
    """The private feed of a secret token (with its user), else 404."""

    if not token or len(token) > 200:
        raise Http404
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_secret(token), user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    return feed


def calendar_feed_of(*, user):
    """The private feed of a person, or None."""
    return CalendarFeed.objects.filter(user_id=user.pk).first()


def private_feed_events(*, user) -> tuple[list[Event], set[int]]:
    """Events of a person's networks (and of the region) they may see, plus their own
    registrations; and the ids of the events they are confirmed for (these show the video link).
    """
    roles = user.roles
    through = Event.network.field.related_model.municipalities.through
    networks = through.objects.filter(municipality_id__in=roles.member_municipality_ids).values(
        "network_id"
    )
    own = Registration.objects.filter(user_id=user.pk).exclude(status=RegistrationStatus.CANCELLED)
    mine = (
        Q(network_id__in=networks)
        | Q(network_id__in=roles.coordinated_network_ids)
        | Q(network__isnull=True)
        | Q(organiser_id=user.pk)
        | Q(pk__in=own.values("event_id"))
    )
    events = list(_feed_window(visible_events(user).filter(mine)))
    confirmed = set(
        own.filter(status=RegistrationStatus.CONFIRMED).values_list("event_id", flat=True)
    )
    return events, confirmed
