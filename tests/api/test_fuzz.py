"""Random query parameters, paths and bodies: the API answers, never with a 5xx."""

import json
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import API, bearer

pytestmark = pytest.mark.django_db

LIST_PATHS = ["/districts/", "/municipalities/", "/networks/", "/strategies/", "/commitments/"]
PARAMETER_NAMES = [
    "limit",
    "offset",
    "district",
    "kind",
    "size_class",
    "search",
    "strategy",
    "measure",
    "municipality",
    "unbekannt",
]
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # no lone surrogates
    max_size=40,
)
values = st.one_of(
    texts,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(
        ["", "0", "-1", "501", "1e9", "ä", "%", "\x00", "'; --", "00000000", "gte100k"]
    ),
    st.uuids().map(str),
)
HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def world(commitment):
    return commitment


@HYPOTHESIS
@given(
    path=st.sampled_from(LIST_PATHS),
    params=st.dictionaries(st.sampled_from(PARAMETER_NAMES), values, max_size=5),
)
def test_list_endpoints_never_answer_5xx(client, world, path, params):
    response = client.get(API + path + "?" + urlencode(params))
    assert response.status_code < 500, (path, params, response.content[:300])
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"


@HYPOTHESIS
@given(
    template=st.sampled_from(
        [
            "/districts/{}",
            "/municipalities/{}",
            "/networks/{}",
            "/strategies/{}",
            "/strategies/{}/rollup",
            "/strategies/{}/measures/{}",
            "/commitments/{}",
        ]
    ),
    parts=st.lists(texts.filter(lambda t: t not in {".", ".."}), min_size=2, max_size=2),
)
def test_detail_endpoints_never_answer_5xx(client, world, template, parts):
    path = template.format(*(quote(part, safe="") for part in parts))
    response = client.get(API + path)
    assert response.status_code < 500, (path, response.content[:300])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(texts, children, max_size=3),
    max_leaves=8,
)
fields = st.sampled_from(
    [
        "measure",
        "municipality",
        "role",
        "status",
        "progress",
        "start_date",
        "end_date",
        "note",
        "is_public",
        "version",
    ]
)


@HYPOTHESIS
@given(body=st.dictionaries(fields, json_values, max_size=6))
def test_writes_never_answer_5xx(client, world, cdo, body):
    headers = bearer(cdo)
    for response in (
        client.post(
            f"{API}/commitments/",
            data=json.dumps(body),
            content_type="application/json",
            **headers,
        ),
        client.patch(
            f"{API}/commitments/{world.uuid}",
            data=json.dumps(body),
            content_type="application/json",
            **headers,
        ),
    ):
        assert response.status_code < 500, (body, response.content[:300])
