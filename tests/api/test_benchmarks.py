"""GET /api/v1/benchmarks/: aggregated self-check values, k-anonymous, filterable, paginated."""

import json

from django.contrib.contenttypes.models import ContentType

import pytest

from tests.factories.assessments import submitted_assessment
from tests.factories.regions import DistrictFactory, MunicipalityFactory, NetworkFactory

from .conftest import API

pytestmark = pytest.mark.django_db
URL = f"{API}/benchmarks/"


@pytest.fixture
def groups(db):
    """Five submitted checks in district "groß" (one of them also 2024), four in "klein"."""
    big = DistrictFactory(name="Kreis Groß", ags="05701")
    small = DistrictFactory(name="Kreis Klein", ags="05702", region=big.region)
    network = NetworkFactory(slug="vier")
    for index in range(5):
        municipality = MunicipalityFactory(district=big, population=12_000)
        submitted_assessment(municipality, year=2025, current=index % 5, target=4)
        if index == 0:
            submitted_assessment(municipality, year=2024, current=1, target=3)
    for _ in range(4):
        municipality = MunicipalityFactory(district=small, population=60_000)
        network.municipalities.add(municipality)
        submitted_assessment(municipality, year=2025, current=3, target=4)
    return {"big": big, "small": small}


def get(client, query=""):
    response = client.get(URL + query)
    return response, json.loads(response.content)


def test_a_group_of_five_shows_values_a_group_of_four_shows_null_with_reason(client, groups):
    response, body = get(client, "?year=2025&group_kind=district&limit=500")
    assert response.status_code == 200
    big = [row for row in body["items"] if row["group_key"] == "05701"]
    small = [row for row in body["items"] if row["group_key"] == "05702"]
    assert big
    assert len(big) == len(small)
    assert {row["median"] for row in big} == {2.0}
    assert {row["participants"] for row in big} == {5}
    assert {row["reason"] for row in big} == {None}
    for row in small:
        assert row["participants"] == 4
        assert row["median"] is row["q1"] is row["q3"] is row["mean_current"] is None
        assert row["reason"] == "zu wenige Teilnehmende"


def test_filters_by_year_kind_and_key(client, groups):
    _response, body = get(client, "?year=2024&limit=500")
    assert {row["year"] for row in body["items"]} == {2024}
    assert all(row["median"] is None for row in body["items"])  # only one check in 2024
    _response, body = get(client, "?group_kind=network&group_key=vier&limit=500")
    assert {(row["group_kind"], row["group_key"]) for row in body["items"]} == {("network", "vier")}
    _response, body = get(client, "?group_kind=size-class&year=2025&limit=500")
    keys = {row["group_key"]: row["participants"] for row in body["items"]}
    assert keys == {"10k-20k": 5, "50k-100k": 4}
    _response, body = get(client, "?group_kind=region&year=2025&limit=1")
    assert body["items"][0]["participants"] == 9


def test_pagination_counts_all_rows(client, groups):
    _response, everything = get(client, "?limit=500")
    _response, first = get(client, "?limit=3")
    _response, second = get(client, "?limit=3&offset=3")
    assert first["count"] == second["count"] == everything["count"] > 6
    assert first["items"] + second["items"] == everything["items"][:6]


def test_never_names_a_municipality_or_individual_answer(client, groups):
    _response, body = get(client, "?limit=500")
    for row in body["items"]:
        assert not {"municipality", "ags", "note", "evidence", "current", "target"} & set(row)


@pytest.mark.parametrize(
    "query", ["?year=1900", "?group_kind=kreis", "?limit=0", "?year=abc", "?group_key=%00"]
)
def test_bad_parameters_answer_422_problem_json(client, query):
    response = client.get(URL + query)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_empty_without_submitted_checks(client, db):
    _response, body = get(client)
    assert body == {"count": 0, "limit": 50, "offset": 0, "items": []}


def test_query_count_does_not_grow_with_checks(client, groups, django_assert_num_queries):
    ContentType.objects.clear_cache()
    # the fingerprint; answers, criteria, regions, districts, networks, memberships
    with django_assert_num_queries(7):
        first = client.get(URL).json()
    # Unchanged data: the computed rows come from the cache, only the fingerprint is read.
    with django_assert_num_queries(1):
        assert client.get(URL).json() == first
    for _ in range(3):
        submitted_assessment(MunicipalityFactory(district=groups["small"]), year=2025)
    ContentType.objects.clear_cache()
    with django_assert_num_queries(7):
        changed = client.get(URL).json()
    # Fresh rows, not the cached ones: the district has three more participants.
    assert changed != first


def test_a_reopened_self_check_leaves_the_benchmarks_at_once(client, groups):
    """The cache never outlives a change: reopening a check changes the rows right away."""
    from blaupause.assessments.constants import AssessmentStatus
    from blaupause.assessments.models import Assessment

    def participants():
        body = client.get(URL + "?year=2025&group_kind=region&limit=500").json()
        return {row["participants"] for row in body["items"]}

    before = participants()
    check = Assessment.objects.filter(status=AssessmentStatus.SUBMITTED, year=2025).first()
    check.status = AssessmentStatus.DRAFT
    check.save()
    assert participants() == {count - 1 for count in before}


def test_unchanged_answer_is_304(client, groups):
    etag = client.get(URL)["ETag"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_documented_in_the_openapi_schema(client, db):
    document = json.loads(client.get(f"{API}/openapi.json").content)
    operation = document["paths"]["/api/v1/benchmarks/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"year", "group_kind", "group_key", "limit", "offset"} <= names
