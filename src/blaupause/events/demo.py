"""Demo events for `blaupause demo`, run after the region's demo content and demo accounts.

For the Lippe network: a past network meeting with minutes, an upcoming digital network
meeting (40 places), and an in-person workshop day in Detmold with 12 places that is full with
two people on the waiting list. For the region: a public event of the DigitalBüro OWL. Dates
are relative to the day of loading, so the upcoming ones lie ahead. Every description says
that it is demo content.

`load_demo_events()` is idempotent: the events have fixed UUIDs; an event that exists already
(also one changed or cancelled since) is left as it is, and so are its registrations. Extra
participants are demo accounts `demo-teilnehmende-N@blaupause-demo.example` without a usable
password.
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo

from django.db import transaction
from django.utils import timezone

from blaupause.accounts.models import User
from blaupause.core.audit import audit_record
from blaupause.regions.models import Municipality, Network, Region
from blaupause.strategies.models import Measure

from .constants import EVENT_TIME_ZONE, Audience, EventFormat, RegistrationStatus
from .models import AgendaItem, Event, Registration

LIPPE_NETWORK_SLUG = "lippe"
REGION_SLUG = "owl"
LIPPE_STRATEGY_SLUG = "lippe-lebt-digitalisierung"
LIPPE_COORDINATOR = "koordination@kreis-lippe.example"
REGIONAL_ADMIN = "admin@digitalbuero-owl.example"
#: Demo accounts that take part, in this order (all of them members in Lippe).
DEMO_PARTICIPANTS = ("cdo@detmold.example", "cdo@lemgo.example", "mitwirkende@detmold.example")
EXTRA_PARTICIPANT = "demo-teilnehmende-{n}@blaupause-demo.example"
DEMO_NOTE = "*Demo-Inhalt: Diese Veranstaltung ist ein Beispiel und findet nicht statt.*"

_NAMESPACE = uuid.UUID("6d1f3a52-8c1e-4b7a-9a55-0e5e2f7c1b10")


def _uuid(key: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"events-demo:{key}")


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A time in Europe/Berlin, `days` from today."""
    berlin = zoneinfo.ZoneInfo(EVENT_TIME_ZONE)
    day = timezone.localdate(timezone=berlin) + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=berlin)


def _extra_user(n: int, municipality: Municipality | None) -> User:
    email = EXTRA_PARTICIPANT.format(n=n)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, name=f"Demo-Teilnehmende {n}", is_demo=True)
        user.set_unusable_password()
        user.save()
        audit_record(actor=None, verb="account.created", target=user, data={"via": "demo"})
    return user


def _agenda(event: Event, items: list[tuple[datetime.time | None, str, list[Measure]]]) -> None:
    for order, (starts_at, title, measures) in enumerate(items, start=1):
        item = AgendaItem.objects.create(event=event, order=order, starts_at=starts_at, title=title)
        if measures:
            item.measures.set(measures)


def _register(event: Event, users_and_places: list[tuple[User, Municipality | None]], *, start):
    """Registrations in order of arrival; beyond the capacity on the waiting list."""
    for index, (user, municipality) in enumerate(users_and_places):
        full = event.capacity is not None and index >= event.capacity
        Registration.objects.create(
            event=event,
            user=user,
            municipality=municipality,
            status=RegistrationStatus.WAITLISTED if full else RegistrationStatus.CONFIRMED,
            registered_at=start + datetime.timedelta(hours=index * 5),
        )


def _create(key: str, **fields) -> Event | None:
    """The event with this demo key, created if missing; None when it exists already."""
    event_uuid = _uuid(key)
    if Event.all_objects.filter(uuid=event_uuid).exists():
        return None
    event = Event(uuid=event_uuid, **fields)
    event.save()
    audit_record(actor=None, verb="event.created", target=event, data={"via": "demo"})
    return event


@transaction.atomic
def load_demo_events() -> list[Event]:
    """Create the demo events where missing; return those created now."""
    network = Network.objects.filter(slug=LIPPE_NETWORK_SLUG).first()
    region = Region.objects.filter(slug=REGION_SLUG).first()
    created: list[Event] = []
    if network is None and region is None:
        return created
    users = {
        u.email: u
        for u in User.objects.filter(
            email__in=[*DEMO_PARTICIPANTS, LIPPE_COORDINATOR, REGIONAL_ADMIN]
        )
    }
    measures = list(
        Measure.objects.filter(strategy__slug=LIPPE_STRATEGY_SLUG, deleted_at__isnull=True)
        .select_related("strategy")
        .order_by("field__order", "order", "key")[:3]
    )
    if network is not None:
        members = list(network.municipalities.order_by("name"))
        by_ags = {m.ags: m for m in members}
        detmold = by_ags.get("05766020")
        lemgo = by_ags.get("05766044")
        own = [
            (users[email], detmold if "detmold" in email else lemgo)
            for email in DEMO_PARTICIPANTS
            if email in users
        ]
        coordinator = users.get(LIPPE_COORDINATOR)

        past = _create(
            "lippe-netzwerktreffen-vergangen",
            title="Netzwerktreffen der lippischen Digitalisierungsbeauftragten",
            description=(
                f"{DEMO_NOTE}\n\nRegelmäßiges Online-Treffen des Netzwerks: Stand der "
                "gemeinsamen Maßnahmen, Berichte aus den Kommunen, nächste Schritte."
            ),
            format=EventFormat.DIGITAL,
            audience=Audience.MEMBERS,
            network=network,
            organiser=coordinator,
            starts_at=_at(-21, 14),
            ends_at=_at(-21, 16),
            video_url="https://video.example.org/netzwerk-lippe",
            capacity=40,
            registration_open=False,
            minutes=(
                "**Demo-Inhalt.**\n\n"
                "1. **Begrüßung und Stand der Rahmenstrategie** – Die Koordination berichtet "
                "über die Umsetzung der Maßnahmen im laufenden Jahr.\n"
                "2. **Berichte aus den Kommunen** – Detmold und Lemgo stellen ihre Erfahrungen "
                "mit dem gemeinsamen Serviceportal vor.\n"
                "3. **Nächste Schritte** – Der Workshoptag in Detmold wird vorbereitet; "
                "Themenwünsche bitte bis Monatsende an die Koordination."
            ),
            minutes_published_at=_at(-19, 9),
        )
        if past is not None:
            _agenda(
                past,
                [
                    (datetime.time(14, 0), "Begrüßung und Stand der Rahmenstrategie", measures[:1]),
                    (datetime.time(14, 30), "Berichte aus den Kommunen", []),
                    (datetime.time(15, 30), "Nächste Schritte", []),
                ],
            )
            _register(past, own, start=_at(-35, 9))
            Registration.objects.filter(event=past).update(attended=True)
            created.append(past)

        meeting = _create(
            "lippe-netzwerktreffen-digital",
            title="Digitales Netzwerktreffen Lippe",
            description=(
                f"{DEMO_NOTE}\n\nUnser monatliches Online-Treffen. Schwerpunkt diesmal: "
                "**gemeinsame Beschaffung** und die Übertragung der Blaupause auf andere Kreise."
            ),
            format=EventFormat.DIGITAL,
            audience=Audience.MEMBERS,
            network=network,
            organiser=coordinator,
            starts_at=_at(10, 14),
            ends_at=_at(10, 16),
            video_url="https://video.example.org/netzwerk-lippe",
            capacity=40,
            registration_deadline=_at(9, 12),
        )
        if meeting is not None:
            _agenda(
                meeting,
                [
                    (datetime.time(14, 0), "Ankommen und Neuigkeiten aus den Kommunen", []),
                    (datetime.time(14, 20), "Gemeinsame Beschaffung", measures[1:2]),
                    (datetime.time(15, 15), "Blaupause für andere Kreise", measures[2:3]),
                ],
            )
            _register(meeting, own[:2], start=_at(-3, 9))
            created.append(meeting)

        workshop = _create(
            "lippe-workshoptag-detmold",
            title="Workshoptag Digitalisierung in Detmold",
            description=(
                f"{DEMO_NOTE}\n\nEin Tag vor Ort zum Arbeiten in kleinen Gruppen: "
                "Prozesse gemeinsam digitalisieren, Erfahrungen teilen, Arbeitspakete "
                "verteilen. Mittagessen und Getränke stellt die Stadt Detmold."
            ),
            format=EventFormat.IN_PERSON,
            audience=Audience.MEMBERS,
            network=network,
            organiser=coordinator,
            starts_at=_at(24, 9, 30),
            ends_at=_at(24, 16),
            location_name="Rathaus Detmold, Großer Sitzungssaal",
            address="Marktplatz 5\n32756 Detmold",
            capacity=12,
            registration_deadline=_at(20, 12),
        )
        if workshop is not None:
            _agenda(
                workshop,
                [
                    (datetime.time(9, 30), "Begrüßung durch die Stadt Detmold", []),
                    (datetime.time(10, 0), "Arbeitsgruppen: Prozesse digitalisieren", measures[:2]),
                    (datetime.time(12, 30), "Mittagspause", []),
                    (datetime.time(13, 30), "Ergebnisse und Verabredungen", []),
                ],
            )
            people = list(own)
            places = members or [None]
            n = 1
            while len(people) < workshop.capacity + 2:
                municipality = places[(n - 1) % len(places)]
                people.append((_extra_user(n, municipality), municipality))
                n += 1
            _register(workshop, people, start=_at(-10, 8))
            created.append(workshop)

    if region is not None:
        forum = _create(
            "owl-regionalforum",
            title="Regionalforum Digitale Kommune OWL",
            description=(
                f"{DEMO_NOTE}\n\nDas DigitalBüro OWL lädt alle Kommunen der Region ein: "
                "Wie übertragen Kreise und Kommunen die lippische Blaupause? Berichte, "
                "Beratung und Austausch – vor Ort in Bielefeld und online."
            ),
            format=EventFormat.HYBRID,
            audience=Audience.PUBLIC,
            region=region,
            organiser=users.get(REGIONAL_ADMIN),
            starts_at=_at(38, 10),
            ends_at=_at(38, 15),
            location_name="Bielefeld, Tagungszentrum (Beispiel)",
            address="Beispielstraße 1\n33602 Bielefeld",
            video_url="https://video.example.org/regionalforum-owl",
            capacity=80,
        )
        if forum is not None:
            _agenda(
                forum,
                [
                    (datetime.time(10, 0), "Begrüßung durch das DigitalBüro OWL", []),
                    (datetime.time(10, 30), "Die lippische Blaupause", measures[:1]),
                    (datetime.time(13, 0), "Beratung an Thementischen", []),
                ],
            )
            created.append(forum)
    return created
