"""A published blueprint of one network and a second network that may adopt it."""

from __future__ import annotations

from django.core.cache import cache

from blaupause.strategies import services as strategy_services
from blaupause.transfer import services as transfer_services
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import DistrictFactory, MunicipalityFactory, NetworkFactory
from tests.factories.strategies import (
    FieldOfActionFactory,
    GoalFactory,
    IndicatorFactory,
    LifeAreaFactory,
    MeasureFactory,
    MilestoneFactory,
    StrategyFactory,
    ValueFactory,
)


def _person(role=None, **scope):
    user = UserFactory()
    if role:
        MembershipFactory(user=user, role=role, **scope)
    return user


def make_blueprint_world() -> dict:
    """Network "source" with a blueprint (published as version 1), network "adopter" with its
    coordination, and people of other scopes."""
    cache.clear()
    district = DistrictFactory()
    region = district.region
    source_network = NetworkFactory(region=region, district=district)
    adopter = NetworkFactory(region=region, district=DistrictFactory(region=region))
    member = MunicipalityFactory(district=adopter.district)
    adopter.municipalities.add(member)
    other_network = NetworkFactory(region=region)
    blueprint = StrategyFactory(network=source_network, is_blueprint=True)
    ValueFactory(strategy=blueprint, key="offen", title="Offenheit")
    field_a = FieldOfActionFactory(strategy=blueprint, key="A", title="Verwaltung", order=0)
    field_b = FieldOfActionFactory(strategy=blueprint, key="B", title="Infrastruktur", order=1)
    goal = GoalFactory(field=field_a, key="A-Z1", title="Schneller entscheiden")
    area = LifeAreaFactory(strategy=blueprint, key="verwaltung", title="Verwaltung")
    first = MeasureFactory(
        field=field_a,
        key="A-M01",
        title="Gemeinsames Serviceportal",
        goals=[goal],
        life_areas=[area],
        order=0,
    )
    second = MeasureFactory(
        field=field_b,
        key="B-M01",
        title="Gemeinsames Rechenzentrum",
        description="Alle Kommunen nutzen ein Rechenzentrum.",
        depends_on=[first],
        order=1,
    )
    IndicatorFactory(measure=first, name="Verfahren online", target=40)
    MilestoneFactory(measure=second, title="Vertrag unterschrieben", months_after_start=6)
    version = strategy_services.strategy_publish(actor=None, strategy=blueprint)
    people = {
        "coordinator": _person("network_coordinator", network=adopter),
        "source coordinator": _person("network_coordinator", network=source_network),
        "coordinator elsewhere": _person("network_coordinator", network=other_network),
        "cdo of a member": _person("cdo", municipality=member),
        "regional admin": _person("regional_admin", region=region),
        "without role": _person(),
    }
    return {
        "region": region,
        "source_network": source_network,
        "adopter": adopter,
        "other_network": other_network,
        "blueprint": blueprint,
        "version": version,
        "first": first,
        "second": second,
        "field_b": field_b,
        "people": people,
    }


def make_adopted(world: dict) -> dict:
    """The blueprint adopted by the adopter network's coordination."""
    strategy = transfer_services.blueprint_adopt(
        actor=world["people"]["coordinator"], network=world["adopter"], version=world["version"]
    )
    return {**world, "strategy": strategy}
