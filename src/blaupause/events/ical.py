"""iCalendar (RFC 5545) documents of events, built with the `icalendar` library.

Times are written with `TZID=Europe/Berlin` and the matching VTIMEZONE, so that calendar
programs show them right across summer and winter time. The UID is the event's uuid and does
not change; SEQUENCE follows the event's version, so an edit replaces the entry.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import icalendar

from blaupause.core.audit import audit_record
from blaupause.core.hashing import hash_secret

from .constants import EVENT_TIME_ZONE, EventFormat
from .models import CalendarFeed

__all__ = [
    "CONTENT_TYPE",
    "build_calendar",
    "calendar_feed_delete",
    "calendar_feed_renew",
    "calendar_feed_touch",
]

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Blaupause//Veranstaltungen//DE"
BERLIN = ZoneInfo(EVENT_TIME_ZONE)


def _location(event) -> str:
    parts = [part.strip() for part in (event.location_name, event.address) if part.strip()]
    if parts:
        return ", ".join(" ".join(part.split()) for part in parts)
    if event.format == EventFormat.DIGITAL:
        return _("Online (Videokonferenz)")
    return ""


def _description(event, *, with_video: bool, url: str) -> str:
    lines = []
    if event.cancelled_at:
        lines.append(_("Abgesagt."))
        if event.cancel_reason:
            lines.append(event.cancel_reason.strip())
        lines.append("")
    if event.description:
        lines.append(event.description.strip())
        lines.append("")
    if with_video and event.video_url and not event.cancelled_at:
        lines.append(_("Videokonferenz: %(url)s") % {"url": event.video_url})
    lines.append(_("Details und Anmeldung: %(url)s") % {"url": url})
    return "\n".join(lines).strip()


def _vevent(event, *, stamp, absolute_url: Callable[[str], str], with_video: bool):
    url = absolute_url(event.get_absolute_url())
    entry = icalendar.Event()
    entry.add("uid", str(event.uuid))
    entry.add("dtstamp", stamp)
    entry.add("sequence", event.version)
    entry.add("dtstart", timezone.localtime(event.starts_at, BERLIN))
    entry.add("dtend", timezone.localtime(event.ends_at, BERLIN))
    entry.add("summary", event.title)
    entry.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    entry.add("created", event.created_at.astimezone(datetime.UTC))
    entry.add("url", url)
    location = _location(event)
    if location:
        entry.add("location", location)
    entry.add("description", _description(event, with_video=with_video, url=url))
    entry.add("status", "CANCELLED" if event.cancelled_at else "CONFIRMED")
    entry.add("transp", "TRANSPARENT" if event.cancelled_at else "OPAQUE")
    return entry


def build_calendar(
    events: Iterable,
    *,
    name: str,
    absolute_url: Callable[[str], str],
    video_event_ids: Iterable[int] = (),
) -> bytes:
    """The iCalendar text of `events`; video links only for the events in `video_event_ids`."""
    events = list(events)
    video_ids = set(video_event_ids)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", EVENT_TIME_ZONE)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for event in events:
        cal.add_component(
            _vevent(event, stamp=stamp, absolute_url=absolute_url, with_video=event.pk in video_ids)
        )
    if events:
        first = min(event.starts_at for event in events).date() - datetime.timedelta(days=366)
        last = max(event.ends_at for event in events).date() + datetime.timedelta(days=366)
        cal.add_missing_timezones(first_date=first, last_date=last)
    else:  # an empty feed still names its zone, so that later entries fit in
        cal.add_component(icalendar.Timezone.from_tzid(EVENT_TIME_ZONE))
    return cal.to_ical()


# --- the secret address of a private feed ------------------------------------------------------
# Writes of the CalendarFeed model live here, next to the feed they serve.


@transaction.atomic
def calendar_feed_renew(*, actor) -> tuple[object, str]:
    """Create the private feed address of `actor`, or replace it (the old one stops working).

    Returns the feed and the secret token; only its hash is stored, so it is shown once.
    """
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.select_for_update().filter(user=actor).first()
    verb = "calendar_feed.renewed" if feed else "calendar_feed.created"
    if feed is None:
        feed = CalendarFeed(user=actor)
    feed.token_hash = hash_secret(token)
    feed.created_at = timezone.now()
    feed.last_used_at = None
    feed.save()
    audit_record(actor=actor, verb=verb, target=feed)
    return feed, token


@transaction.atomic
def calendar_feed_delete(*, actor) -> None:
    """Switch off the private feed of `actor`: its address stops working."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    deleted, _rows = CalendarFeed.objects.filter(user=actor).delete()
    if deleted:
        audit_record(actor=actor, verb="calendar_feed.deleted", target=actor)


def calendar_feed_touch(feed) -> None:
    """Note when the feed was last fetched (at most once an hour; no history, no audit)."""
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at >= datetime.timedelta(hours=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
        feed.last_used_at = now
