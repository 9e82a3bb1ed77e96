"""Shared fixtures. Under CI=true a skipped test is an error: CI must prove everything."""

import os

import pytest

from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import DistrictFactory, MunicipalityFactory, NetworkFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_sessionfinish(session, exitstatus):
    """Under CI=true, any skipped test fails the run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if IN_CI and skipped:
        reporter.write_line(
            f"CI=true: {len(skipped)} test(s) skipped; nothing may be skipped in CI.", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _german(settings):
    settings.LANGUAGE_CODE = "de"


@pytest.fixture
def municipality(db):
    return MunicipalityFactory()


@pytest.fixture
def other_municipality(db, municipality):
    return MunicipalityFactory(district=municipality.district)


@pytest.fixture
def cdo(db, municipality):
    user = UserFactory()
    MembershipFactory(user=user, role="cdo", municipality=municipality)
    return user


@pytest.fixture
def regional_admin(db):
    from blaupause.regions.models import Region

    region = Region.objects.first() or DistrictFactory().region
    user = UserFactory()
    MembershipFactory(user=user, role="regional_admin", region=region)
    return user


@pytest.fixture
def network(db, municipality, other_municipality):
    network = NetworkFactory(district=municipality.district, region=municipality.district.region)
    network.municipalities.add(municipality, other_municipality)
    return network
