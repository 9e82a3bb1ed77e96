"""Helpers shared by the workshop tests."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from blaupause.strategies.constants import StrategyStatus
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import MunicipalityFactory, NetworkFactory
from tests.factories.strategies import StrategyFactory
from tests.factories.workshops import ParticipantFactory, WorkshopFactory


def network_setup():
    """A network of two municipalities with a draft strategy, its coordinator and a CDO,
    a contributor of a member municipality and a CDO of a municipality outside the network."""
    member = MunicipalityFactory()
    second = MunicipalityFactory(district=member.district)
    outsider_place = MunicipalityFactory(district=member.district)
    network = NetworkFactory(district=member.district, region=member.district.region)
    network.municipalities.add(member, second)
    strategy = StrategyFactory(network=network, status=StrategyStatus.DRAFT)
    coordinator = UserFactory(name="Koordination")
    MembershipFactory(user=coordinator, role="network_coordinator", network=network)
    cdo = UserFactory(name="Digitalverantwortliche")
    MembershipFactory(user=cdo, role="cdo", municipality=member)
    contributor = UserFactory(name="Mitwirkender")
    MembershipFactory(user=contributor, role="contributor", municipality=second)
    outsider = UserFactory(name="Außenstehende")
    MembershipFactory(user=outsider, role="cdo", municipality=outsider_place)
    regional_admin = UserFactory(name="Regionaladmin")
    MembershipFactory(user=regional_admin, role="regional_admin", region=member.district.region)
    # Regional admins must use a second factor (RequireMfaMiddleware).
    TOTP.activate(regional_admin, generate_totp_secret())
    return {
        "network": network,
        "strategy": strategy,
        "member": member,
        "second": second,
        "coordinator": coordinator,
        "cdo": cdo,
        "contributor": contributor,
        "outsider": outsider,
        "regional_admin": regional_admin,
    }


def workshop_setup(**workshop_kwargs):
    """`network_setup()` plus a workshop facilitated by the coordinator, in which the CDO
    takes part."""
    data = network_setup()
    workshop = WorkshopFactory(
        strategy=data["strategy"], facilitator=data["coordinator"], **workshop_kwargs
    )
    ParticipantFactory(workshop=workshop, user=data["coordinator"])
    data["cdo_participant"] = ParticipantFactory(
        workshop=workshop, user=data["cdo"], municipality=data["member"]
    )
    data["workshop"] = workshop
    return data
