"""Services of the events app: create and change events, cancel them, the agenda."""

import datetime

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from blaupause.core.concurrency import EditConflict
from blaupause.core.models import AuditEvent
from blaupause.core.signals import activity
from blaupause.events import services
from blaupause.events.constants import Audience, EventFormat, RegistrationStatus
from blaupause.events.models import Event
from blaupause.strategies.constants import StrategyStatus
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.strategies import MeasureFactory, StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(network):
    user = UserFactory()
    MembershipFactory(user=user, role="network_coordinator", network=network)
    return user


def _values(**overrides):
    starts = timezone.now() + datetime.timedelta(days=10)
    return {
        "title": "Netzwerktreffen Dezember",
        "format": EventFormat.DIGITAL,
        "audience": Audience.MEMBERS,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        **overrides,
    }


def test_coordination_creates_an_event_of_its_network(coordinator, network):
    event = services.event_create(actor=coordinator, owner=network, **_values())
    assert event.network == network
    assert event.organiser == coordinator
    assert AuditEvent.objects.filter(verb="event.created", target_id=str(event.pk)).exists()


def test_create_sends_activity_after_commit(
    coordinator, network, django_capture_on_commit_callbacks
):
    seen = []

    def receiver(sender, **kwargs):
        seen.append(kwargs["verb"])

    activity.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.event_create(actor=coordinator, owner=network, **_values())
    finally:
        activity.disconnect(receiver)
    assert seen == ["event.created"]


def test_cdo_may_not_create_a_network_event(cdo, network):
    with pytest.raises(PermissionDenied):
        services.event_create(actor=cdo, owner=network, **_values())


def test_regional_admin_creates_a_regional_event(regional_admin):
    from blaupause.regions.models import Region

    region = Region.objects.get()
    event = services.event_create(
        actor=regional_admin, owner=region, **_values(audience=Audience.PUBLIC)
    )
    assert event.region == region
    assert event.network is None


def test_end_before_start_is_refused_in_german(coordinator, network):
    starts = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        services.event_create(
            actor=coordinator,
            owner=network,
            **_values(starts_at=starts, ends_at=starts - datetime.timedelta(hours=1)),
        )
    assert error.value.message_dict["ends_at"] == ["Das Ende muss nach dem Beginn liegen."]
    assert not Event.objects.exists()


def test_in_person_event_needs_a_place(coordinator, network):
    with pytest.raises(ValidationError) as error:
        services.event_create(
            actor=coordinator, owner=network, **_values(format=EventFormat.IN_PERSON)
        )
    assert "address" in error.value.message_dict


def test_capacity_below_confirmed_registrations_is_refused(coordinator, network):
    event = EventFactory(network=network, capacity=5)
    for _ in range(3):
        RegistrationFactory(event=event)
    with pytest.raises(ValidationError) as error:
        services.event_update(actor=coordinator, event=event, expected_version=1, capacity=2)
    assert "bereits 3 Personen fest angemeldet" in error.value.message_dict["capacity"][0]
    event.refresh_from_db()
    assert event.capacity == 5


def test_more_capacity_moves_people_up(coordinator, network, django_capture_on_commit_callbacks):
    event = EventFactory(network=network, capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(actor=coordinator, event=event, expected_version=1, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert waiting.promoted_at
    assert [m.to for m in mail.outbox] == [[waiting.user.email]]
    assert "Nachgerückt" in mail.outbox[0].subject


def test_concurrent_edit_is_detected(coordinator, network):
    event = EventFactory(network=network)
    first = Event.objects.get(pk=event.pk)
    second = Event.objects.get(pk=event.pk)
    services.event_update(actor=coordinator, event=first, expected_version=1, title="Erster")
    with pytest.raises(EditConflict):
        services.event_update(actor=coordinator, event=second, expected_version=1, title="Zweiter")
    event.refresh_from_db()
    assert event.title == "Erster"


def test_cancel_informs_everyone_registered(
    coordinator, network, django_capture_on_commit_callbacks
):
    event = EventFactory(network=network, capacity=1)
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(
            actor=coordinator,
            event=event,
            reason="Der Saal ist nicht verfügbar.",
            expected_version=1,
        )
    event.refresh_from_db()
    assert event.is_cancelled
    assert event.cancel_reason == "Der Saal ist nicht verfügbar."
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [confirmed.user.email, waiting.user.email]
    )
    assert "Der Saal ist nicht verfügbar." in mail.outbox[0].body
    assert "Abgesagt" in mail.outbox[0].subject


def test_cancel_needs_a_reason(coordinator, network):
    event = EventFactory(network=network)
    with pytest.raises(ValidationError) as error:
        services.event_cancel(actor=coordinator, event=event, reason="  ", expected_version=1)
    assert error.value.message_dict["reason"] == ["Bitte nennen Sie den Grund der Absage."]


def test_cdo_may_not_cancel(cdo, network):
    event = EventFactory(network=network)
    with pytest.raises(PermissionDenied):
        services.event_cancel(actor=cdo, event=event, reason="Nein", expected_version=1)


def test_agenda_item_with_a_measure_of_the_network(coordinator, network):
    event = EventFactory(network=network)
    measure = MeasureFactory(field__strategy=StrategyFactory(network=network))
    item = services.agenda_item_add(
        actor=coordinator, event=event, title="Serviceportal", measures=[measure]
    )
    assert list(item.measures.all()) == [measure]


def test_agenda_item_with_a_draft_measure_of_another_network_is_refused(coordinator, network):
    event = EventFactory(network=network)
    hidden = MeasureFactory(field__strategy=StrategyFactory(status=StrategyStatus.DRAFT))
    with pytest.raises(ValidationError) as error:
        services.agenda_item_add(actor=coordinator, event=event, title="Geheim", measures=[hidden])
    assert "nicht sehen kann" in error.value.message_dict["measures"][0]
    assert not event.agenda_items.exists()


def test_agenda_item_remove_is_soft(coordinator, network):
    event = EventFactory(network=network)
    item = services.agenda_item_add(actor=coordinator, event=event, title="Punkt")
    services.agenda_item_remove(actor=coordinator, item=item)
    assert not event.agenda_items.exists()
    assert type(item).all_objects.filter(pk=item.pk, deleted_at__isnull=False).exists()


def test_demo_events_load_once():
    from blaupause.events.demo import _uuid, load_demo_events
    from tests.factories.regions import MunicipalityFactory, NetworkFactory, RegionFactory

    region = RegionFactory(slug="owl")
    network = NetworkFactory(slug="lippe", region=region)
    network.municipalities.add(*(MunicipalityFactory() for _ in range(3)))
    UserFactory(email="cdo@detmold.example")
    UserFactory(email="koordination@kreis-lippe.example")

    created = load_demo_events()
    assert len(created) == 4
    assert load_demo_events() == []
    assert Event.objects.count() == 4
    workshop = Event.objects.get(uuid=_uuid("lippe-workshoptag-detmold"))
    statuses = list(workshop.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 12
    assert statuses.count(RegistrationStatus.WAITLISTED) == 2
    assert workshop.starts_at > timezone.now()
    assert all("Demo-Inhalt" in event.description for event in Event.objects.all())
    extra = workshop.registrations.filter(user__email__startswith="demo-teilnehmende-")
    assert not any(r.user.has_usable_password() for r in extra.select_related("user"))
