"""The fan-out: one activity becomes notifications for the followers of its chain."""

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from blaupause.commitments import services as commitment_services
from blaupause.core.signals import activity
from blaupause.notifications.models import Notification
from blaupause.notifications.services import activity_fan_out
from blaupause.strategies.services import items as item_services
from tests.factories.accounts import UserFactory
from tests.factories.notifications import (
    EventFactory,
    FollowFactory,
    NotificationSettingsFactory,
)

pytestmark = pytest.mark.django_db


def send(target, actor=None, private=False, verb="comment.created", summary="Neuer Kommentar"):
    activity.send(
        sender=type(target),
        target=target,
        verb=verb,
        actor=actor,
        summary=summary,
        url="/strategien/",
        private=private,
    )


def recipients(verb="comment.created"):
    return set(Notification.objects.filter(verb=verb).values_list("recipient_id", flat=True))


def test_followers_of_the_chain_hear_of_a_measure(world, people):
    of_measure = FollowFactory(target=world.m1).user
    of_strategy = FollowFactory(target=world.strategy).user
    of_network = FollowFactory(target=world.network).user
    of_other_measure = FollowFactory(target=world.m2).user
    send(world.m1, summary="Neuer Kommentar zu M1-2 Serviceportal")
    assert recipients() == {of_measure.pk, of_strategy.pk, of_network.pk}
    assert of_other_measure.pk not in recipients()
    row = Notification.objects.get(recipient=of_strategy)
    assert row.summary == "Neuer Kommentar zu M1-2 Serviceportal"
    assert row.target_label == "M1-2 Serviceportal"
    assert row.url == "/strategien/"
    assert row.read_at is None
    assert row.emailed_at is None


def test_who_follows_twice_gets_one_notification(world):
    user = UserFactory()
    FollowFactory(user=user, target=world.m1)
    FollowFactory(user=user, target=world.strategy)
    send(world.m1)
    assert Notification.objects.filter(recipient=user).count() == 1


def test_the_actor_is_not_notified(world, people):
    actor = people["coordinator"]
    FollowFactory(user=actor, target=world.strategy)
    other = FollowFactory(target=world.strategy).user
    send(world.m1, actor=actor)
    assert recipients() == {other.pk}
    assert Notification.objects.get(recipient=other).actor_label == actor.name


def test_event_activity_reaches_network_followers(world):
    event = EventFactory(network=world.network, audience="public")
    follower = FollowFactory(target=world.network).user
    send(event, verb="registration.created")
    assert recipients("registration.created") == {follower.pk}


def test_private_activity_only_reaches_who_may_see_the_target(world, people):
    # A draft strategy of Detmold: its CDO and the regional admin may see it, others not.
    for person in people.values():
        FollowFactory(user=person, target=world.draft)
    send(world.draft_measure, private=True)
    assert recipients() == {people["cdo"].pk, people["regional_admin"].pk}


def test_private_activity_on_a_network_reaches_its_members(world, people):
    for person in people.values():
        FollowFactory(user=person, target=world.network)
    send(world.network, private=True)
    assert recipients() == {
        people["cdo"].pk,
        people["contributor"].pk,
        people["coordinator"].pk,
        people["regional_admin"].pk,
    }


def test_public_activity_reaches_every_follower(world, people):
    for person in people.values():
        FollowFactory(user=person, target=world.strategy)
    send(world.m1)
    assert recipients() == {person.pk for person in people.values()}


def _queries(target, private):
    with CaptureQueriesContext(connection) as context:
        activity_fan_out(
            target=target, verb="comment.created", summary="x", url="/", private=private
        )
    return len(context)


@pytest.mark.parametrize("private", [False, True])
def test_fan_out_queries_do_not_grow_with_followers(world, private):
    FollowFactory(target=world.strategy)
    one = _queries(world.m1, private)
    for _ in range(49):
        FollowFactory(target=world.strategy, user=UserFactory())
    fifty = _queries(world.m1, private)
    assert Notification.objects.filter(url="/").count() == 51
    assert fifty == one


def test_instant_followers_get_a_mail_after_commit(world, django_capture_on_commit_callbacks):
    instant = NotificationSettingsFactory(frequency="instant").user
    daily = NotificationSettingsFactory(frequency="daily").user
    FollowFactory(user=instant, target=world.strategy)
    FollowFactory(user=daily, target=world.strategy)
    with django_capture_on_commit_callbacks(execute=True):
        send(world.m1, summary="Neuer Kommentar zu M1-2 Serviceportal")
    assert [message.to for message in mail.outbox] == [[instant.email]]
    message = mail.outbox[0]
    assert "Neuer Kommentar zu M1-2 Serviceportal" in message.subject
    assert "Neuer Kommentar zu M1-2 Serviceportal" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get(recipient=instant).emailed_at is not None
    assert Notification.objects.get(recipient=daily).emailed_at is None


def test_a_changed_item_of_a_followed_strategy_notifies(
    world, people, django_capture_on_commit_callbacks
):
    follower = FollowFactory(target=world.strategy, user=people["cdo"]).user
    FollowFactory(target=world.strategy, user=people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        item_services.item_update(
            actor=people["coordinator"],
            item=world.m1,
            values={"title": "Serviceportal für alle"},
            expected_version=world.m1.version,
        )
    row = Notification.objects.get(recipient=follower)
    assert row.verb == "measure.changed"
    assert "M1-2 Serviceportal für alle" in row.summary
    assert "geändert" in row.summary
    assert row.url == world.m1.get_absolute_url()
    assert not Notification.objects.filter(recipient=people["coordinator"]).exists()


def test_changes_of_a_draft_stay_among_who_may_see_it(
    world, people, django_capture_on_commit_callbacks
):
    FollowFactory(target=world.draft, user=people["cdo"])
    FollowFactory(target=world.draft, user=people["cdo_other"])
    with django_capture_on_commit_callbacks(execute=True):
        item_services.item_update(
            actor=people["regional_admin"],
            item=world.draft_measure,
            values={"title": "Noch geheim"},
            expected_version=world.draft_measure.version,
        )
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {people["cdo"].pk}


def test_a_commitment_notifies_followers_of_the_measure(
    world, people, django_capture_on_commit_callbacks
):
    follower = FollowFactory(target=world.m1).user
    with django_capture_on_commit_callbacks(execute=True):
        commitment = commitment_services.commitment_create(
            actor=people["cdo"], municipality=world.home, measure=world.m1
        )
    row = Notification.objects.get(recipient=follower, verb="commitment.created")
    assert row.summary.startswith("Detmold beteiligt sich an M1-2 Serviceportal")
    with django_capture_on_commit_callbacks(execute=True):
        commitment_services.commitment_update(
            actor=people["cdo"],
            commitment=commitment,
            expected_version=commitment.version,
            progress=40,
            status="in_progress",
        )
    row = Notification.objects.get(recipient=follower, verb="commitment.updated")
    assert "Detmold hat die Beteiligung an M1-2 Serviceportal aktualisiert" in row.summary
    assert "40 %" in row.summary


def test_a_hidden_commitment_is_no_news(world, people, django_capture_on_commit_callbacks):
    FollowFactory(target=world.m1)
    with django_capture_on_commit_callbacks(execute=True):
        commitment_services.commitment_create(
            actor=people["cdo"], municipality=world.home, measure=world.m1, is_public=False
        )
    assert not Notification.objects.exists()
