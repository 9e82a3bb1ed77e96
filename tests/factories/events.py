"""Factories of the events app: an upcoming network event and registrations."""

import datetime

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from blaupause.events.constants import Audience, EventFormat, RegistrationStatus
from blaupause.events.models import AgendaItem, Event, Registration
from tests.factories.accounts import UserFactory
from tests.factories.regions import NetworkFactory


def _in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class EventFactory(DjangoModelFactory):
    """An upcoming digital meeting of a network for its members, in two weeks.

    Pass ``network=None, region=…`` for a regional event.
    """

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Netzwerktreffen {n}")
    description = "Austausch zu **laufenden Projekten**."
    format = EventFormat.DIGITAL
    audience = Audience.MEMBERS
    network = factory.SubFactory(NetworkFactory)
    region = None
    starts_at = factory.LazyFunction(lambda: _in_days(14, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    video_url = "https://video.example.org/raum-42"
    capacity = None
    registration_deadline = None

    @factory.post_generation
    def invited_users(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.invited_users.set(extracted)

    @factory.post_generation
    def invited_municipalities(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.invited_municipalities.set(extracted)


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Tagesordnungspunkt {n}")

    @factory.post_generation
    def measures(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.measures.set(extracted)


class RegistrationFactory(DjangoModelFactory):
    """A confirmed registration; pass ``status=RegistrationStatus.WAITLISTED`` for the list."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = RegistrationStatus.CONFIRMED
    registered_at = factory.LazyFunction(timezone.now)
