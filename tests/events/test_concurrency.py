"""Registrations and cancellations at the same moment, in real concurrent transactions.

Each thread has its own database connection and its own transaction. The services lock the
event row (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite every transaction is IMMEDIATE and
holds the write lock), so the outcome is the same as one after the other: never more confirmed
people than places, and no waiting-list place lost.

SQLite's in-memory test database is shared between connections through its shared cache,
where a second writer is refused at once instead of waiting for `busy_timeout` as it does on
a database file. The threads therefore try again after such a refusal, as the file database
does by itself; PostgreSQL waits for the lock without that help.
"""

from __future__ import annotations

import threading
import time

from django.db import OperationalError, connection, connections

import pytest

from blaupause.events import services
from blaupause.events.constants import RegistrationStatus
from blaupause.events.models import Event, Registration
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.events import EventFactory
from tests.factories.regions import MunicipalityFactory, NetworkFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _retry_locked(call):
    deadline = time.monotonic() + 30
    while True:
        try:
            return call()
        except OperationalError as error:
            locked = "locked" in str(error).lower()
            if connection.vendor != "sqlite" or not locked or time.monotonic() > deadline:
                raise
            time.sleep(0.005)


def _run_at_once(calls) -> list:
    """Start all calls at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            results[index] = _retry_locked(call)
        except Exception as error:  # reported by the test below
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _member(municipality):
    user = UserFactory()
    MembershipFactory(user=user, role="contributor", municipality=municipality)
    return user


@pytest.mark.parametrize("rounds", range(3))
def test_two_cancellations_and_three_registrations_at_once(rounds):
    municipality = MunicipalityFactory()
    network = NetworkFactory()
    network.municipalities.add(municipality)
    event = EventFactory(network=network, capacity=3)
    confirmed = [_member(municipality) for _ in range(3)]
    waiting = [_member(municipality) for _ in range(2)]
    newcomers = [_member(municipality) for _ in range(3)]
    for person in [*confirmed, *waiting]:
        services.registration_create(actor=person, event=event)
        time.sleep(0.002)  # a distinct order of arrival
    leaving = [Registration.objects.get(event=event, user=person) for person in confirmed[:2]]

    def cancel(registration):
        return lambda: services.registration_cancel(
            actor=registration.user, registration=registration
        )

    def register(person):
        return lambda: services.registration_create(
            actor=person, event=Event.objects.get(pk=event.pk)
        )

    results = _run_at_once([*(cancel(r) for r in leaving), *(register(p) for p in newcomers)])
    errors = [result for result in results if isinstance(result, Exception)]
    assert not errors, errors

    statuses = dict(
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list("user_id", "status")
    )
    confirmed_now = [pk for pk, status in statuses.items() if status == "confirmed"]
    assert len(confirmed_now) == 3, "never more people than places, and no free place left"
    # The two who waited got the two freed places; nobody lost a place on the waiting list.
    assert statuses[waiting[0].pk] == statuses[waiting[1].pk] == "confirmed"
    assert statuses[confirmed[2].pk] == "confirmed"
    # Every newcomer is on the waiting list (the event was full with people waiting).
    assert [statuses[p.pk] for p in newcomers] == ["waitlisted"] * 3
    assert Registration.objects.filter(event=event, status="cancelled").count() == 2
