"""A network with a strategy and measures, and one person per role, for the notifications
tests."""

from dataclasses import dataclass

from django.core.cache import cache

import pytest

from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import (
    DistrictFactory,
    MunicipalityFactory,
    NetworkFactory,
    RegionFactory,
)
from tests.factories.strategies import FieldOfActionFactory, MeasureFactory, StrategyFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    region: object
    home: object
    peer: object
    outsider: object
    network: object
    strategy: object
    field: object
    m1: object
    m2: object
    draft: object  # a draft strategy of the municipality `home`
    draft_measure: object


@pytest.fixture
def world(db):
    region = RegionFactory()
    district = DistrictFactory(region=region)
    home = MunicipalityFactory(district=district, name="Detmold")
    peer = MunicipalityFactory(district=district, name="Lemgo")
    outsider = MunicipalityFactory(district=district, name="Bielefeld")
    network = NetworkFactory(region=region, district=district, name="Netzwerk Lippe")
    network.municipalities.add(home, peer)
    strategy = StrategyFactory(network=network, title="Rahmenstrategie Lippe")
    field = FieldOfActionFactory(strategy=strategy)
    m1 = MeasureFactory(strategy=strategy, field=field, key="M1-2", title="Serviceportal")
    m2 = MeasureFactory(strategy=strategy, field=field, key="M1-3", title="Breitband")
    draft = StrategyFactory(
        network=None, municipality=home, status="draft", title="Entwurf Detmold"
    )
    draft_measure = MeasureFactory(
        strategy=draft, field=FieldOfActionFactory(strategy=draft), key="D1", title="Geheim"
    )
    return World(
        region, home, peer, outsider, network, strategy, field, m1, m2, draft, draft_measure
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
    return {
        "contributor": _user("contributor", municipality=world.home),
        "cdo": _user("cdo", municipality=world.home),
        "cdo_other": _user("cdo", municipality=world.outsider),
        "coordinator": _user("network_coordinator", network=world.network),
        "regional_admin": _with_totp(_user("regional_admin", region=world.region)),
        "nobody": _user(),
    }
