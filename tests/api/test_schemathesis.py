"""Schemathesis against the OpenAPI document of /api/v1/, in process through the WSGI app.

Every GET operation, anonymous and with a municipality's token, and the two writes with a
valid token: no answer is a server error, and every answer matches the documented schema
(status code, content type, body). Few examples per operation keep this inside the suite.
"""

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories.assessments import submitted_assessment
from tests.factories.commitments import CommitmentFactory, MeasureFactory, StrategyFactory

from .conftest import bearer

pytestmark = pytest.mark.django_db

APP = get_wsgi_application()


#: All phases (explicit examples, boundary "coverage" cases, random fuzzing).
@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """A WSGI call starts and ends with signals, which closes database connections that are
    in a transaction; the test's transaction must survive it (Django's test client does the
    same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)
#: Random fuzzing only: for the reads with a token and the writes (time in the suite).
fuzz_only = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    APP,
    config=schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}}),
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FEW = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def world(network, municipality, other_municipality):
    """Something to find: a strategy with a measure, commitments, self-checks."""
    strategy = StrategyFactory(network=network, slug="lippe-lebt-digitalisierung")
    measure = MeasureFactory(strategy=strategy, key="A1")
    CommitmentFactory(municipality=municipality, measure=measure)
    CommitmentFactory(municipality=other_municipality, measure=measure, is_public=False)
    submitted_assessment(municipality, year=2025)
    return strategy


@pytest.fixture
def token(cdo):
    return bearer(cdo)["HTTP_AUTHORIZATION"]


@pytest.fixture(autouse=True)
def _no_throttle_left_over():
    cache.clear()
    yield
    cache.clear()


@schema.include(method="GET").parametrize()
@FEW
def test_every_read_answers_as_documented(case, world):
    case.call_and_validate(checks=CHECKS)


@fuzz_only.include(method="GET").parametrize()
@FEW
def test_every_read_with_a_token_answers_as_documented(case, world, token):
    case.call_and_validate(checks=CHECKS, headers={"Authorization": token})


@fuzz_only.include(method=["POST", "PATCH"]).parametrize()
@FEW
def test_writes_with_a_valid_token_answer_as_documented(case, world, token):
    cache.clear()  # the write limit is not what this test is about
    case.call_and_validate(checks=CHECKS, headers={"Authorization": token})
