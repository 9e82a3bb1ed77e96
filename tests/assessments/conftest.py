"""A small world for the self-check: a region with two districts, a network, one person per
role. `home` is the municipality whose CDO acts; `peer` is in the same district."""

from dataclasses import dataclass

import pytest

from blaupause.assessments.loader import criteria_load
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import (
    DistrictFactory,
    MunicipalityFactory,
    NetworkFactory,
    RegionFactory,
)


@dataclass
class World:
    region: object
    district: object
    other_district: object
    home: object
    peer: object
    network: object
    criteria_set: object


@pytest.fixture
def world(db):
    region = RegionFactory()
    district = DistrictFactory(region=region)
    other_district = DistrictFactory(region=region)
    home = MunicipalityFactory(district=district, population=30_000, name="Heimstadt")
    peer = MunicipalityFactory(district=district, population=12_000, name="Nachbardorf")
    network = NetworkFactory(region=region, district=district, name="Netzwerk Test")
    network.municipalities.add(home, peer)
    return World(
        region=region,
        district=district,
        other_district=other_district,
        home=home,
        peer=peer,
        network=network,
        criteria_set=criteria_load().criteria_set,
    )


def _user(role, **scope):
    user = UserFactory()
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


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client
