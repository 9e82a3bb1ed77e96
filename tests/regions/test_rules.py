"""Who may change municipalities and networks: one role matrix per permission."""

from django.contrib.auth.models import AnonymousUser

import pytest

from blaupause.regions.models import Region
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import MunicipalityFactory, NetworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(municipality, other_municipality):
    network = NetworkFactory(region=municipality.district.region)
    network.municipalities.add(municipality, other_municipality)
    elsewhere = Region.objects.create(slug="anderswo", name="Anderswo", ags_prefix="091")

    def person(role=None, **scope):
        user = UserFactory()
        if role:
            MembershipFactory(user=user, role=role, **scope)
        return user

    inactive = person("cdo", municipality=municipality)
    inactive.is_active = False
    inactive.save()
    people = {
        "anonymous": AnonymousUser(),
        "without role": person(),
        "contributor": person("contributor", municipality=municipality),
        "cdo": person("cdo", municipality=municipality),
        "cdo elsewhere": person("cdo", municipality=other_municipality),
        "inactive cdo": inactive,
        "coordinator": person("network_coordinator", network=network),
        "coordinator elsewhere": person("network_coordinator", network=NetworkFactory()),
        "regional admin": person("regional_admin", region=municipality.district.region),
        "admin of another region": person("regional_admin", region=elsewhere),
        "superuser": UserFactory(is_superuser=True),
    }
    return {"municipality": municipality, "network": network, "people": people}


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("without role", False),
        ("contributor", False),
        ("cdo", True),
        ("cdo elsewhere", False),
        ("inactive cdo", False),
        ("coordinator", False),
        ("coordinator elsewhere", False),
        ("regional admin", True),
        ("admin of another region", False),
        ("superuser", True),
    ],
)
def test_change_municipality(world, who, allowed):
    user = world["people"][who]
    assert user.has_perm("regions.change_municipality", world["municipality"]) is allowed


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("without role", False),
        ("contributor", False),
        ("cdo", False),
        ("coordinator", True),
        ("coordinator elsewhere", False),
        ("regional admin", True),
        ("admin of another region", False),
        ("superuser", True),
    ],
)
def test_change_network(world, who, allowed):
    user = world["people"][who]
    assert user.has_perm("regions.change_network", world["network"]) is allowed


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("anonymous", False), ("cdo", False), ("coordinator", False), ("regional admin", True)],
)
def test_import_municipalities(world, who, allowed):
    assert world["people"][who].has_perm("regions.import_municipalities") is allowed


def test_a_new_municipality_does_not_inherit_rights(world):
    newcomer = MunicipalityFactory(district=world["municipality"].district)
    assert not world["people"]["cdo"].has_perm("regions.change_municipality", newcomer)
