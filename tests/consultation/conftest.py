"""A network with a strategy in consultation and one person per role."""

from dataclasses import dataclass

import pytest

from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.consultation import ConsultationFactory
from tests.factories.regions import MunicipalityFactory
from tests.factories.strategies import FieldOfActionFactory, MeasureFactory


@dataclass
class World:
    network: object
    strategy: object
    consultation: object
    field: object
    measure: object
    coordinator: object
    cdo: object
    contributor: object
    outsider: object
    regional_admin: object


@pytest.fixture
def world(db, network, municipality, regional_admin):
    consultation = ConsultationFactory(strategy__network=network)
    strategy = consultation.strategy
    field = FieldOfActionFactory(strategy=strategy, key="A", title="Zusammenarbeit")
    measure = MeasureFactory(field=field, key="A-M01", title="Regelmäßiger Austausch")
    coordinator = UserFactory(name="Koordination")
    MembershipFactory(user=coordinator, role="network_coordinator", network=network)
    cdo = UserFactory(name="CDO Beispielstadt")
    MembershipFactory(user=cdo, role="cdo", municipality=municipality)
    contributor = UserFactory(name="Mitwirkende")
    MembershipFactory(user=contributor, role="contributor", municipality=municipality)
    outsider = UserFactory(name="CDO anderswo")
    MembershipFactory(user=outsider, role="cdo", municipality=MunicipalityFactory())
    # Regional admins must use a second factor before they see any page.
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(regional_admin, generate_totp_secret())
    return World(
        network=network,
        strategy=strategy,
        consultation=consultation,
        field=field,
        measure=measure,
        coordinator=coordinator,
        cdo=cdo,
        contributor=contributor,
        outsider=outsider,
        regional_admin=regional_admin,
    )
