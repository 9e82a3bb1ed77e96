"""People with each role around one municipality, for the role-matrix tests."""

from django.contrib.auth.models import AnonymousUser

import pytest

from tests.factories.accounts import MembershipFactory, UserFactory


@pytest.fixture
def contributor(db, municipality):
    user = UserFactory(name="Mia Mitwirkend")
    MembershipFactory(user=user, role="contributor", municipality=municipality)
    return user


@pytest.fixture
def other_cdo(db, other_municipality):
    user = UserFactory(name="Otto Andersort")
    MembershipFactory(user=user, role="cdo", municipality=other_municipality)
    return user


@pytest.fixture
def coordinator(db, network):
    user = UserFactory(name="Kora Koordination")
    MembershipFactory(user=user, role="network_coordinator", network=network)
    return user


@pytest.fixture
def people(db, contributor, cdo, other_cdo, coordinator, regional_admin):
    """Everyone of the role matrix (style guide R6), keyed by a short name."""
    return {
        "anonymous": AnonymousUser(),
        "contributor": contributor,
        "cdo": cdo,
        "other_cdo": other_cdo,
        "coordinator": coordinator,
        "regional_admin": regional_admin,
    }


@pytest.fixture
def totp_for():
    """Give a user a TOTP authenticator through allauth's API; returns the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    def make(user):
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        return secret

    return make
