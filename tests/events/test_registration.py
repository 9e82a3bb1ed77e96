"""Registrations: places, the waiting list, moving up, deadlines and the mails."""

import datetime

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from blaupause.core.signals import activity
from blaupause.events import services
from blaupause.events.constants import Audience, RegistrationStatus
from blaupause.events.models import Registration
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.regions import MunicipalityFactory

pytestmark = pytest.mark.django_db


def _member(municipality):
    user = UserFactory()
    MembershipFactory(user=user, role="contributor", municipality=municipality)
    return user


@pytest.fixture
def event(network):
    return EventFactory(network=network, capacity=2)


def test_free_place_confirms_and_mails_a_confirmation(
    event, cdo, municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(actor=cdo, event=event)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.municipality == municipality
    assert mail.outbox[0].to == [cdo.email]
    assert "Anmeldung bestätigt" in mail.outbox[0].subject
    assert event.video_url in mail.outbox[0].body


def test_full_event_puts_people_on_the_waiting_list(
    event, municipality, django_capture_on_commit_callbacks
):
    first, second, third = (_member(municipality) for _ in range(3))
    services.registration_create(actor=first, event=event)
    services.registration_create(actor=second, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = services.registration_create(actor=third, event=event)
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert "Warteliste" in mail.outbox[-1].subject
    assert "Platz 1" in mail.outbox[-1].body
    assert event.video_url not in mail.outbox[-1].body


def test_registering_twice_says_so(event, cdo):
    services.registration_create(actor=cdo, event=event)
    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=cdo, event=event)
    assert error.value.messages == ["Sie sind bereits angemeldet."]
    assert Registration.objects.filter(event=event).count() == 1


def test_after_the_deadline_nobody_registers(network, cdo):
    event = EventFactory(
        network=network, registration_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=cdo, event=event)
    assert "Der Anmeldeschluss" in error.value.messages[0]
    assert "ist vorbei" in error.value.messages[0]


def test_cancelled_event_takes_no_registrations(network, cdo):
    event = EventFactory(network=network, cancelled_at=timezone.now(), cancel_reason="Krank")
    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=cdo, event=event)
    assert error.value.messages == ["Diese Veranstaltung wurde abgesagt."]


def test_people_outside_the_network_may_not_register(event):
    stranger = _member(MunicipalityFactory())
    with pytest.raises(PermissionDenied):
        services.registration_create(actor=stranger, event=event)


def test_invited_person_may_register(network):
    guest = UserFactory()
    event = EventFactory(network=network, audience=Audience.INVITED, invited_users=[guest])
    assert services.registration_create(actor=guest, event=event).status == "confirmed"


def test_cancellation_moves_the_longest_waiting_person_up(
    event, municipality, django_capture_on_commit_callbacks
):
    people = [_member(municipality) for _ in range(4)]
    registrations = [services.registration_create(actor=p, event=event) for p in people]
    assert [r.status for r in registrations] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    mail.outbox.clear()
    seen = []

    def receiver(sender, **kwargs):
        seen.append((kwargs["verb"], kwargs["private"]))

    activity.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.registration_cancel(actor=people[0], registration=registrations[0])
    finally:
        activity.disconnect(receiver)
    for registration in registrations:
        registration.refresh_from_db()
    assert [r.status for r in registrations] == [
        "cancelled",
        "confirmed",
        "confirmed",
        "waitlisted",
    ]
    assert registrations[2].promoted_at is not None
    assert [m.to for m in mail.outbox] == [[people[2].email]]
    assert "Nachgerückt" in mail.outbox[0].subject
    assert seen == [("registration.cancelled", True)]


def test_leaving_the_waiting_list_promotes_nobody(event, municipality):
    people = [_member(municipality) for _ in range(4)]
    registrations = [services.registration_create(actor=p, event=event) for p in people]
    services.registration_cancel(actor=people[2], registration=registrations[2])
    registrations[3].refresh_from_db()
    assert registrations[3].status == RegistrationStatus.WAITLISTED


def test_someone_else_may_not_cancel_my_registration(event, cdo, municipality):
    registration = services.registration_create(actor=cdo, event=event)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=_member(municipality), registration=registration)


def test_registering_again_after_cancelling(event, cdo):
    registration = services.registration_create(actor=cdo, event=event)
    services.registration_cancel(actor=cdo, registration=registration)
    again = services.registration_create(actor=cdo, event=event)
    assert again.status == RegistrationStatus.CONFIRMED


def test_newcomers_queue_behind_the_waiting_list(event, municipality):
    """A free place with people waiting goes to them, not to a newcomer."""
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    newcomer = services.registration_create(actor=_member(municipality), event=event)
    assert newcomer.status == RegistrationStatus.WAITLISTED
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITLISTED


def test_registration_sends_private_activity(event, cdo, django_capture_on_commit_callbacks):
    seen = []

    def receiver(sender, **kwargs):
        seen.append((kwargs["verb"], kwargs["private"], kwargs["target"]))

    activity.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.registration_create(actor=cdo, event=event)
    finally:
        activity.disconnect(receiver)
    assert seen == [("registration.created", True, event)]
