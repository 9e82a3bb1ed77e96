import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from blaupause.events.models import Event
from blaupause.notifications.models import Follow, Notification, NotificationSettings
from tests.factories.accounts import UserFactory
from tests.factories.regions import NetworkFactory


class FollowFactory(DjangoModelFactory):
    """Pass `target=<object>`; the generic key is filled from it."""

    class Meta:
        model = Follow
        exclude = ("target",)

    user = factory.SubFactory(UserFactory)
    target = None
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    object_id = factory.LazyAttribute(lambda o: o.target.pk)


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    verb = "measure.updated"
    summary = factory.Sequence(lambda n: f"Neuigkeit {n}")
    url = "/"
    target_label = "Rahmenstrategie"
    actor_label = "Person A"


class NotificationSettingsFactory(DjangoModelFactory):
    class Meta:
        model = NotificationSettings
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    frequency = "daily"


class EventFactory(DjangoModelFactory):
    """A network's event; the events app owns the real factories."""

    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Netzwerktreffen {n}")
    network = factory.SubFactory(NetworkFactory)
    audience = "public"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
