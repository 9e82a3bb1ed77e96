"""Fixtures of the API tests: a client that sends a bearer token, and a small commitment world."""

from django.core.cache import cache

import pytest

from blaupause.accounts.services import api_token_create
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.commitments import CommitmentFactory, MeasureFactory, StrategyFactory

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_throttle_cache():
    cache.clear()  # the write throttle counts in the cache
    yield
    cache.clear()


def bearer(user) -> dict:
    _token, key = api_token_create(actor=None, name="Fachverfahren", owner=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def strategy(network):
    return StrategyFactory(network=network)


@pytest.fixture
def measure(strategy):
    return MeasureFactory(strategy=strategy)


@pytest.fixture
def contributor(municipality):
    user = UserFactory()
    MembershipFactory(user=user, role="contributor", municipality=municipality)
    return user


@pytest.fixture
def other_cdo(other_municipality):
    user = UserFactory()
    MembershipFactory(user=user, role="cdo", municipality=other_municipality)
    return user


@pytest.fixture
def commitment(municipality, measure):
    return CommitmentFactory(municipality=municipality, measure=measure)
