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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory
):
    """A session with browser journeys keeps its SQLite test database in a file.

    The live server answers several requests at once (a board polls while a form posts). With
    SQLite in memory, all its request threads share one connection, and SQLite refuses a write
    to a table that another statement of that connection is still reading ("database table is
    locked"). In a file every thread has its own connection, and WAL with a busy timeout lets
    the writers wait for each other, as they do in production.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    browser_session = any(item.get_closest_marker("e2e") for item in request.session.items)
    if database["ENGINE"].endswith("sqlite3") and browser_session:
        folder = tmp_path_factory.mktemp("e2e-database")
        database["TEST"]["NAME"] = str(folder / "blaupause-test.sqlite3")


@pytest.fixture(autouse=True)
def _german(settings):
    settings.LANGUAGE_CODE = "de"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (rate-limit counters, cached aggregates)."""
    from django.core.cache import cache

    cache.clear()


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
