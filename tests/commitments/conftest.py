"""A small world for commitments: a network of three municipalities in one district, its
strategy with two fields and three measures, and one person per role."""

from dataclasses import dataclass

from django.core.cache import cache

import pytest

from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.commitments import (
    FieldOfActionFactory,
    GoalFactory,
    MeasureFactory,
    StrategyFactory,
)
from tests.factories.regions import (
    DistrictFactory,
    MunicipalityFactory,
    NetworkFactory,
    RegionFactory,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Map shapes are cached; every test starts cold so that query counts are comparable."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    region: object
    district: object
    home: object  # the municipality whose CDO acts
    peer: object  # another member of the network
    third: object  # a third member
    outsider: object  # same district, not in the network
    network: object
    strategy: object
    field_a: object
    field_b: object
    goal: object
    m1: object
    m2: object
    m3: object  # in field B, weight 2
    foreign_measure: object  # of another network's strategy


@pytest.fixture
def world(db):
    region = RegionFactory()
    district = DistrictFactory(region=region)
    home, peer, third, outsider = (
        MunicipalityFactory(district=district, with_geometry=True, population=pop)
        for pop in (70_000, 30_000, 8_000, 12_000)
    )
    network = NetworkFactory(region=region, district=district)
    network.municipalities.add(home, peer, third)
    strategy = StrategyFactory(network=network, title="Rahmenstrategie Beispiel")
    field_a = FieldOfActionFactory(strategy=strategy, title="Zusammenarbeit", order=1)
    field_b = FieldOfActionFactory(strategy=strategy, title="Infrastruktur", order=2)
    goal = GoalFactory(strategy=strategy, field=field_a)
    m1 = MeasureFactory(strategy=strategy, field=field_a, key="A-M01", title="Austausch", order=1)
    m2 = MeasureFactory(strategy=strategy, field=field_a, key="A-M02", title="Roadmap", order=2)
    m3 = MeasureFactory(
        strategy=strategy, field=field_b, key="B-M01", title="Serviceportal", order=3, weight=2
    )
    m1.goals.add(goal)
    m2.goals.add(goal)
    foreign = MeasureFactory(strategy__network=NetworkFactory(region=region), key="X-M01")
    return World(
        region=region,
        district=district,
        home=home,
        peer=peer,
        third=third,
        outsider=outsider,
        network=network,
        strategy=strategy,
        field_a=field_a,
        field_b=field_b,
        goal=goal,
        m1=m1,
        m2=m2,
        m3=m3,
        foreign_measure=foreign,
    )


def _user(role=None, **scope):
    user = UserFactory()
    if role:
        MembershipFactory(user=user, role=role, **scope)
    return user


def _with_totp(user):
    """Regional admins must use a second factor; give them an authenticator."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def people(world):
    """One person per role; the CDO and the contributor belong to `world.home`."""
    return {
        "anonymous": None,
        "contributor": _user("contributor", municipality=world.home),
        "cdo": _user("cdo", municipality=world.home),
        "cdo_other": _user("cdo", municipality=world.peer),
        "coordinator": _user("network_coordinator", network=world.network),
        "regional_admin": _with_totp(_user("regional_admin", region=world.region)),
    }
