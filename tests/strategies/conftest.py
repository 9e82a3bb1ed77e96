"""Fixtures of the strategy tests: a network with its strategy and people in every role."""

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

import pytest

from blaupause.regions.models import Region
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import DistrictFactory, MunicipalityFactory, NetworkFactory
from tests.factories.strategies import (
    FieldOfActionFactory,
    GoalFactory,
    LifeAreaFactory,
    MeasureFactory,
    StrategyFactory,
)


@pytest.fixture(autouse=True)
def _clean_cache(settings):
    """Map shapes are cached; and regional admins need no TOTP set-up in these tests."""
    settings.BLAUPAUSE_MFA_REQUIRED_ROLES = []
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    """A region with two districts, a network of two municipalities and one outside it, a second
    network elsewhere, the network's adopted strategy (one field, goal, life area, measure) and
    a person for every role."""
    region = DistrictFactory().region
    district = DistrictFactory(region=region)
    member = MunicipalityFactory(district=district, with_geometry=True)
    member_too = MunicipalityFactory(district=district, with_geometry=True)
    outsider = MunicipalityFactory(district=district)
    network = NetworkFactory(region=region, district=district)
    network.municipalities.add(member, member_too)
    other_network = NetworkFactory(region=region)
    other_network.municipalities.add(outsider)
    elsewhere = Region.objects.create(slug="anderswo", name="Anderswo", ags_prefix="091")

    strategy = StrategyFactory(network=network)
    field = FieldOfActionFactory(strategy=strategy, key="A", title="IKZ & Beteiligung")
    goal = GoalFactory(field=field, key="A-Z1", title="Zusammenarbeit verlässlich organisieren")
    area = LifeAreaFactory(strategy=strategy, key="verwaltung", title="Verwaltung")
    measure = MeasureFactory(
        field=field,
        key="A-M01",
        title="Gemeinsames Serviceportal",
        goals=[goal],
        life_areas=[area],
    )

    def person(role=None, **scope):
        user = UserFactory()
        if role:
            MembershipFactory(user=user, role=role, **scope)
        return user

    people = {
        "anonymous": AnonymousUser(),
        "without role": person(),
        "contributor": person("contributor", municipality=member),
        "cdo of a member": person("cdo", municipality=member),
        "cdo elsewhere": person("cdo", municipality=outsider),
        "coordinator": person("network_coordinator", network=network),
        "coordinator elsewhere": person("network_coordinator", network=other_network),
        "regional admin": person("regional_admin", region=region),
        "admin of another region": person("regional_admin", region=elsewhere),
    }
    return {
        "region": region,
        "network": network,
        "other_network": other_network,
        "member": member,
        "outsider": outsider,
        "strategy": strategy,
        "field": field,
        "goal": goal,
        "area": area,
        "measure": measure,
        "people": people,
    }


@pytest.fixture
def coordinator(world):
    return world["people"]["coordinator"]


@pytest.fixture
def lippe(db):
    """The OWL reference data, the Lippe network and the Lippe blueprint as `blaupause demo`
    loads them."""
    from blaupause.regions import demo as regions_demo
    from blaupause.strategies import demo as strategies_demo

    regions_demo.load_reference_data()
    regions_demo.load_demo_content()
    return strategies_demo.load_demo_content()[0].strategy
