"""Who may manage teams and tokens: one role matrix per permission (style guide R6)."""

from django.contrib.auth.models import AnonymousUser

import pytest

from blaupause.accounts.services import api_token_create
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import DistrictFactory, MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "contributor", "cdo", "other_cdo", "coordinator", "regional_admin"]


@pytest.mark.parametrize(
    ("who", "allowed"),
    list(zip(ROLES, [False, False, True, False, False, True], strict=True)),
)
def test_manage_municipality_team(people, municipality, who, allowed):
    assert people[who].has_perm("accounts.manage_municipality_team", municipality) is allowed


@pytest.mark.parametrize(
    ("who", "allowed"),
    list(zip(ROLES, [False, False, False, False, True, True], strict=True)),
)
def test_manage_network_team(people, network, who, allowed):
    assert people[who].has_perm("accounts.manage_network_team", network) is allowed


@pytest.mark.parametrize(
    ("who", "allowed"),
    list(zip(ROLES, [False, False, False, False, False, True], strict=True)),
)
def test_manage_region_team(people, municipality, who, allowed):
    region = municipality.district.region
    assert people[who].has_perm("accounts.manage_region_team", region) is allowed


@pytest.mark.parametrize(
    ("who", "allowed"),
    list(zip(ROLES, [False, False, False, False, False, True], strict=True)),
)
def test_view_audit_log(people, who, allowed):
    assert people[who].has_perm("accounts.view_audit_log") is allowed


@pytest.mark.parametrize("who", ROLES)
def test_revoke_apitoken_only_by_its_owner(people, who):
    owner = UserFactory()
    token, _key = api_token_create(actor=owner, name="Fremd")
    assert people[who].has_perm("accounts.revoke_apitoken", token) is False
    assert owner.has_perm("accounts.revoke_apitoken", token) is True


def test_regional_admin_of_another_region_manages_nothing_here(municipality, network):
    other_region = RegionFactory(slug="andere", name="Andere Region", ags_prefix="099")
    admin = UserFactory()
    MembershipFactory(user=admin, role="regional_admin", region=other_region, municipality=None)
    assert not admin.has_perm("accounts.manage_municipality_team", municipality)
    assert not admin.has_perm("accounts.manage_network_team", network)
    own = MunicipalityFactory(district=DistrictFactory(region=other_region))
    assert admin.has_perm("accounts.manage_municipality_team", own)


def test_inactive_cdo_manages_nothing(cdo, municipality):
    cdo.is_active = False
    cdo.save()
    assert not cdo.has_perm("accounts.manage_municipality_team", municipality)
    assert not AnonymousUser().has_perm("accounts.add_apitoken")


def test_a_text_field_called_scope_is_not_taken_for_a_role_scope(regional_admin, municipality):
    """A joint project's `scope` is the text of what it covers, not a region or network."""
    from blaupause.accounts.predicates import is_regional_admin_for
    from blaupause.collaboration.models import JointProject

    project = JointProject(title="Gemeinsame E-Akte", scope="Alle Ämter der Verwaltung")
    assert is_regional_admin_for(regional_admin, project) is False
    assert is_regional_admin_for(regional_admin, municipality) is True
