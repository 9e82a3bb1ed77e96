"""Slots of the events app in other pages: navigation, network, municipality."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.events.constants import Audience
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(network):
    user = UserFactory()
    MembershipFactory(user=user, role="network_coordinator", network=network)
    return user


def test_main_navigation_links_to_the_calendar(client):
    text = client.get(reverse("regions:home")).content.decode()
    assert f'href="{reverse("events:calendar")}"' in text
    assert ">Termine</a>" in text


def test_network_page_shows_next_three_visible_events_and_feed(client, network, cdo):
    for day in range(1, 5):
        start = timezone.now() + datetime.timedelta(days=day)
        EventFactory(
            network=network,
            audience=Audience.PUBLIC,
            title=f"Öffentlicher Termin {day}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
        )
    EventFactory(network=network, audience=Audience.MEMBERS, title="Nur für Mitglieder")
    text = client.get(network.get_absolute_url()).content.decode()
    assert "Öffentlicher Termin 1" in text
    assert "Öffentlicher Termin 3" in text
    assert "Öffentlicher Termin 4" not in text  # only the next three
    assert "Nur für Mitglieder" not in text
    assert reverse("events:network_ics", kwargs={"slug": network.slug}) in text
    assert f"{reverse('events:calendar')}?netzwerk={network.slug}" in text
    assert "Termin anlegen" not in text


def test_network_page_offers_new_event_to_coordination(client, network, coordinator):
    client.force_login(coordinator)
    text = client.get(network.get_absolute_url()).content.decode()
    assert "Termin anlegen" in text
    assert f"{reverse('events:event_create')}?netzwerk={network.slug}" in text


def test_municipality_page_lists_events_of_its_networks(client, network, municipality, cdo):
    EventFactory(network=network, audience=Audience.PUBLIC, title="Offenes Netzwerktreffen")
    EventFactory(network=network, audience=Audience.MEMBERS, title="Internes Netzwerktreffen")
    url = municipality.get_absolute_url()
    text = client.get(url).content.decode()
    assert "Offenes Netzwerktreffen" in text
    assert "Internes Netzwerktreffen" not in text
    client.force_login(cdo)
    text = client.get(url).content.decode()
    assert "Internes Netzwerktreffen" in text


def test_network_slot_queries_do_not_grow(client, network, django_assert_max_num_queries):
    EventFactory(network=network, audience=Audience.PUBLIC)
    url = network.get_absolute_url()
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(60) as one:
        client.get(url)
    EventFactory.create_batch(3, network=network, audience=Audience.PUBLIC)
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(60) as many:
        client.get(url)
    assert len(many.captured_queries) == len(one.captured_queries)
