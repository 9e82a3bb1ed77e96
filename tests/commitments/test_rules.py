"""Who may change a municipality's commitments: a role matrix per permission."""

from django.contrib.auth.models import AnonymousUser

import pytest

from tests.factories.commitments import CommitmentFactory

pytestmark = pytest.mark.django_db

MATRIX = {
    "anonymous": False,
    "contributor": False,
    "cdo": True,
    "cdo_other": False,
    "coordinator": False,
    "regional_admin": True,
}


def _actor(people, role):
    return people[role] or AnonymousUser()


@pytest.mark.parametrize(("role", "allowed"), MATRIX.items())
def test_add_commitment(world, people, role, allowed):
    assert _actor(people, role).has_perm("commitments.add_commitment", world.home) is allowed


@pytest.mark.parametrize(("role", "allowed"), MATRIX.items())
@pytest.mark.parametrize("perm", ["change_commitment", "delete_commitment"])
def test_change_and_delete_commitment(world, people, role, allowed, perm):
    commitment = CommitmentFactory(municipality=world.home, measure=world.m1)
    assert _actor(people, role).has_perm(f"commitments.{perm}", commitment) is allowed


@pytest.mark.parametrize(
    ("role", "allowed"),
    {**MATRIX, "contributor": True}.items(),
)
def test_view_internal_commitments(world, people, role, allowed):
    actor = _actor(people, role)
    assert actor.has_perm("commitments.view_internal_commitments", world.home) is allowed


def test_regional_admin_of_another_region_may_not(world, people):
    from tests.factories.accounts import MembershipFactory, UserFactory
    from tests.factories.regions import RegionFactory

    elsewhere = RegionFactory(slug="anderswo", ags_prefix="091", name="Anderswo")
    admin = UserFactory()
    MembershipFactory(user=admin, role="regional_admin", region=elsewhere)
    assert not admin.has_perm("commitments.add_commitment", world.home)
