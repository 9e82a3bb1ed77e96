from django.contrib.contenttypes.models import ContentType

import pytest

from blaupause.notifications.chain import follow_chain
from tests.factories.notifications import EventFactory
from tests.factories.strategies import GoalFactory, IndicatorFactory, ValueFactory
from tests.factories.workshops import WorkshopFactory

pytestmark = pytest.mark.django_db


def key(obj):
    return (ContentType.objects.get_for_model(obj).pk, obj.pk)


def test_measure_leads_to_strategy_and_network(world):
    assert follow_chain(world.m1) == [key(world.m1), key(world.strategy), key(world.network)]


def test_items_lead_to_their_strategy(world):
    goal = GoalFactory(strategy=world.strategy, field=world.field)
    value = ValueFactory(strategy=world.strategy)
    assert follow_chain(goal) == [key(goal), key(world.strategy), key(world.network)]
    assert follow_chain(value)[1:] == [key(world.strategy), key(world.network)]
    assert follow_chain(world.field)[1] == key(world.strategy)


def test_indicator_goes_through_its_measure(world):
    indicator = IndicatorFactory(measure=world.m1)
    assert follow_chain(indicator) == [
        key(indicator),
        key(world.m1),
        key(world.strategy),
        key(world.network),
    ]


def test_municipal_strategy_ends_with_itself(world):
    assert follow_chain(world.draft) == [key(world.draft)]


def test_event_of_network_or_region(world):
    event = EventFactory(network=world.network)
    regional = EventFactory(network=None, region=world.region)
    assert follow_chain(event) == [key(event), key(world.network)]
    assert follow_chain(regional) == [key(regional), key(world.region)]


def test_network_does_not_lead_to_its_region(world):
    assert follow_chain(world.network) == [key(world.network)]


def test_workshop_leads_to_its_strategy(world):
    workshop = WorkshopFactory(strategy=world.strategy)
    assert follow_chain(workshop)[:2] == [key(workshop), key(world.strategy)]
