"""Views of the events app: iCal files and feeds, and the page of the private feed address."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from blaupause.regions.selectors import network_get

from ..constants import RegistrationStatus
from ..ical import (
    CONTENT_TYPE,
    build_calendar,
    calendar_feed_delete,
    calendar_feed_renew,
    calendar_feed_touch,
)
from ..selectors.calendar import (
    calendar_feed_of,
    event_get_visible,
    feed_by_token,
    network_feed_events,
    private_feed_events,
)


def _ics(request: HttpRequest, body: bytes, *, filename: str, private: bool) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def event_ics(request: HttpRequest, uuid) -> HttpResponse:
    """One event as a calendar file; the video link only for confirmed participants and managers."""
    event = event_get_visible(user=request.user, uuid=uuid)
    with_video = request.user.has_perm("events.change_event", event) or (
        request.user.is_authenticated
        and event.registrations.filter(
            user_id=request.user.pk, status=RegistrationStatus.CONFIRMED
        ).exists()
    )
    body = build_calendar(
        [event],
        name=event.title,
        absolute_url=request.build_absolute_uri,
        video_event_ids=[event.pk] if with_video else [],
    )
    private = event.audience != "public" or with_video
    return _ics(request, body, filename=f"veranstaltung-{event.uuid}.ics", private=private)


@require_safe
def network_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """The public events of a network as a subscribable feed (no login, no video links)."""
    network = network_get(slug=slug)
    body = build_calendar(
        network_feed_events(network=network),
        name=_("Termine: %(network)s") % {"network": network.name},
        absolute_url=request.build_absolute_uri,
    )
    return _ics(request, body, filename=f"{network.slug}.ics", private=False)


@require_safe
def private_ics(request: HttpRequest, token: str) -> HttpResponse:
    """A person's private feed, found by its secret address; 404 for an unknown one."""
    feed = feed_by_token(token=token)
    events, confirmed = private_feed_events(user=feed.user)
    body = build_calendar(
        events,
        name=_("Meine Termine (Blaupause)"),
        absolute_url=request.build_absolute_uri,
        video_event_ids=confirmed,
    )
    calendar_feed_touch(feed)
    return _ics(request, body, filename="termine.ics", private=True)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_page(request: HttpRequest) -> HttpResponse:
    """Create, show once and renew (or switch off) the private feed address."""
    new_url = None
    if request.method == "POST":
        action = request.POST.get("aktion", "")
        if action == "abschalten":
            calendar_feed_delete(actor=request.user)
            messages.success(request, _("Ihr privater Kalender-Feed ist abgeschaltet."))
            return redirect("events:calendar_feed")
        if action == "erneuern":
            had_feed = calendar_feed_of(user=request.user) is not None
            _feed, token = calendar_feed_renew(actor=request.user)
            new_url = request.build_absolute_uri(
                reverse("events:private_ics", kwargs={"token": token})
            )
            if had_feed:
                messages.success(
                    request,
                    _("Die neue Adresse gilt ab sofort; die alte funktioniert nicht mehr."),
                )
    context = {
        "feed": calendar_feed_of(user=request.user),
        "new_url": new_url,
        "breadcrumbs": [
            (_("Mein Bereich"), reverse("accounts:dashboard")),
            (_("Kalender abonnieren"), None),
        ],
    }
    return render(request, "events/calendar_feed.html", context)


urlpatterns = [
    path("veranstaltungen/<uuid:uuid>.ics", event_ics, name="event_ics"),
    path("netzwerke/<slug:slug>/veranstaltungen.ics", network_ics, name="network_ics"),
    path("kalender/<slug:token>.ics", private_ics, name="private_ics"),
    path("mein-bereich/kalender/", calendar_feed_page, name="calendar_feed"),
]
