"""iCal: one event, a network's public feed, a person's private feed and its address page."""

import datetime
import hashlib
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

import icalendar
import pytest

from blaupause.core.models import AuditEvent
from blaupause.events.constants import Audience, RegistrationStatus
from blaupause.events.models import CalendarFeed, Event
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.regions import NetworkFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def _at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _events(cal):
    return {str(component["UID"]): component for component in cal.walk("VEVENT")}


def test_single_event_file_has_stable_uid_berlin_times_and_details(client, network):
    event = EventFactory(
        network=network,
        audience=Audience.PUBLIC,
        title="Frühjahrstreffen",
        location_name="Kreishaus",
        address="Felix-Fechenbach-Str. 5\n32756 Detmold",
        starts_at=_at(2027, 3, 10, 14),
        ends_at=_at(2027, 3, 10, 16, 30),
    )
    cal = _parse(client.get(reverse("events:event_ics", kwargs={"uuid": event.uuid})))
    entry = _events(cal)[str(event.uuid)]
    assert entry.decoded("DTSTART") == _at(2027, 3, 10, 14)
    assert str(entry.decoded("DTSTART").tzinfo) == "Europe/Berlin"
    assert entry["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert entry.decoded("DTEND").astimezone(datetime.UTC) == datetime.datetime(
        2027, 3, 10, 15, 30, tzinfo=datetime.UTC
    )
    assert str(entry["SUMMARY"]) == "Frühjahrstreffen"
    assert "Kreishaus" in str(entry["LOCATION"])
    assert str(entry["URL"]).endswith(event.get_absolute_url())
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert int(entry["SEQUENCE"]) == event.version
    assert entry.get("DTSTAMP") is not None
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert "video.example.org" not in response_text(client, event)  # not registered


def response_text(client, event):
    return client.get(reverse("events:event_ics", kwargs={"uuid": event.uuid})).content.decode()


def test_times_across_the_summer_time_change_stay_right(client, network):
    # 28 March 2027: clocks go forward at 02:00 in Germany.
    before = EventFactory(
        network=network,
        audience=Audience.PUBLIC,
        starts_at=_at(2027, 3, 27, 10),
        ends_at=_at(2027, 3, 27, 12),
    )
    after = EventFactory(
        network=network,
        audience=Audience.PUBLIC,
        starts_at=_at(2027, 3, 28, 10),
        ends_at=_at(2027, 3, 28, 12),
    )
    cal = _parse(client.get(reverse("events:network_ics", kwargs={"slug": network.slug})))
    entries = _events(cal)
    winter = entries[str(before.uuid)].decoded("DTSTART")
    summer = entries[str(after.uuid)].decoded("DTSTART")
    assert (winter.hour, summer.hour) == (10, 10)
    assert winter.astimezone(datetime.UTC).hour == 9  # CET, UTC+1
    assert summer.astimezone(datetime.UTC).hour == 8  # CEST, UTC+2
    timezone_text = cal.walk("VTIMEZONE")[0].to_ical().decode()
    assert "DAYLIGHT" in timezone_text
    assert "STANDARD" in timezone_text


def test_cancelled_event_says_so_and_sequence_grows_with_version(client, network):
    event = EventFactory(network=network, audience=Audience.PUBLIC)
    Event.objects.filter(pk=event.pk).update(
        cancelled_at=timezone.now(), cancel_reason="Krankheit", version=3
    )
    cal = _parse(client.get(reverse("events:event_ics", kwargs={"uuid": event.uuid})))
    entry = _events(cal)[str(event.uuid)]
    assert str(entry["STATUS"]) == "CANCELLED"
    assert int(entry["SEQUENCE"]) == 3
    assert "Krankheit" in str(entry["DESCRIPTION"])


def test_event_file_of_an_invisible_event_is_404(client, network, other_municipality):
    event = EventFactory(network=network, audience=Audience.MEMBERS)
    url = reverse("events:event_ics", kwargs={"uuid": event.uuid})
    assert client.get(url).status_code == 404
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    member = UserFactory()
    MembershipFactory(user=member, role="contributor", municipality=other_municipality)
    client.force_login(member)
    _parse(client.get(url))


def test_confirmed_participant_gets_the_video_link(client, network, cdo):
    event = EventFactory(network=network, audience=Audience.MEMBERS)
    client.force_login(cdo)
    assert "video.example.org" not in response_text(client, event)
    RegistrationFactory(event=event, user=cdo, status=RegistrationStatus.WAITLISTED)
    assert "video.example.org" not in response_text(client, event)
    event.registrations.update(status=RegistrationStatus.CONFIRMED)
    assert "video.example.org" in response_text(client, event)


def test_network_feed_holds_public_events_only(client, network):
    public = EventFactory(network=network, audience=Audience.PUBLIC)
    internal = EventFactory(network=network, audience=Audience.MEMBERS)
    elsewhere = EventFactory(network=NetworkFactory(), audience=Audience.PUBLIC)
    response = client.get(reverse("events:network_ics", kwargs={"slug": network.slug}))
    uids = set(_events(_parse(response)))
    assert uids == {str(public.uuid)}
    assert str(internal.uuid) not in uids
    assert str(elsewhere.uuid) not in uids
    assert "video.example.org" not in response.content.decode()


def test_network_feed_of_an_unknown_network_is_404_and_empty_feed_parses(client, network):
    assert client.get("/netzwerke/gibt-es-nicht/veranstaltungen.ics").status_code == 404
    cal = _parse(client.get(reverse("events:network_ics", kwargs={"slug": network.slug})))
    assert list(cal.walk("VEVENT")) == []


# --- private feed --------------------------------------------------------------------------------


def _create_feed(client, user) -> str:
    client.force_login(user)
    response = client.post(reverse("events:calendar_feed"), {"aktion": "erneuern"})
    assert response.status_code == 200
    url = response.context["new_url"]
    assert url
    assert "/kalender/" in url
    return urlsplit(url).path


def test_feed_page_creates_shows_once_and_renews(client, cdo):
    url = _create_feed(client, cdo)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=cdo)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in feed.token_hash
    page = client.get(reverse("events:calendar_feed")).content.decode()
    assert token not in page  # shown once only
    assert "Neue Adresse erzeugen" in page
    client.logout()
    _parse(client.get(url))

    new_url = _create_feed(client, cdo)
    client.logout()
    assert new_url != url
    assert client.get(url).status_code == 404  # the old address stops working
    _parse(client.get(new_url))
    assert AuditEvent.objects.filter(verb="calendar_feed.renewed").exists()


def test_feed_can_be_switched_off(client, cdo):
    url = _create_feed(client, cdo)
    client.post(reverse("events:calendar_feed"), {"aktion": "abschalten"})
    assert not CalendarFeed.objects.filter(user=cdo).exists()
    assert client.get(url).status_code == 404


def test_feed_page_needs_login(client):
    response = client.get(reverse("events:calendar_feed"))
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


@pytest.mark.parametrize("token", ["falsch", "x" * 40, "a-b_c"])
def test_wrong_token_is_404(client, cdo, token):
    _create_feed(client, cdo)
    client.logout()
    assert client.get(f"/kalender/{token}.ics").status_code == 404


def test_private_feed_has_network_events_own_registrations_and_video_when_confirmed(
    client, network, cdo
):
    members = EventFactory(network=network, audience=Audience.MEMBERS, title="Intern")
    confirmed = EventFactory(network=network, audience=Audience.PUBLIC, title="Bestätigt")
    RegistrationFactory(event=confirmed, user=cdo)
    waiting = EventFactory(network=NetworkFactory(), audience=Audience.PUBLIC, title="Warte")
    RegistrationFactory(event=waiting, user=cdo, status=RegistrationStatus.WAITLISTED)
    unrelated = EventFactory(network=NetworkFactory(), audience=Audience.PUBLIC)
    hidden = EventFactory(network=NetworkFactory(), audience=Audience.MEMBERS)
    url = _create_feed(client, cdo)
    client.logout()
    entries = _events(_parse(client.get(url)))
    assert set(entries) == {str(members.uuid), str(confirmed.uuid), str(waiting.uuid)}
    assert str(unrelated.uuid) not in entries
    assert str(hidden.uuid) not in entries
    assert "video.example.org" in str(entries[str(confirmed.uuid)]["DESCRIPTION"])
    assert "video.example.org" not in str(entries[str(waiting.uuid)]["DESCRIPTION"])
    assert "video.example.org" not in str(entries[str(members.uuid)]["DESCRIPTION"])
    assert CalendarFeed.objects.get(user=cdo).last_used_at is not None


def test_private_feed_of_a_deactivated_account_is_404(client, cdo):
    url = _create_feed(client, cdo)
    client.logout()
    cdo.is_active = False
    cdo.save()
    assert client.get(url).status_code == 404
