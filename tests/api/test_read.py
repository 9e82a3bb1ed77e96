"""Public reads: content, visibility, pagination, ETag/Last-Modified and query counts."""

import json

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

import pytest

from blaupause.commitments.models import Commitment
from tests.factories.commitments import CommitmentFactory, MeasureFactory, StrategyFactory
from tests.factories.regions import DistrictFactory, MunicipalityFactory, NetworkFactory
from tests.factories.strategies import (
    FieldOfActionFactory,
    GoalFactory,
    IndicatorFactory,
    MilestoneFactory,
)

from .conftest import API, bearer

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    response = client.get(url, **headers)
    return response, (json.loads(response.content) if response.content else None)


# --- regions -----------------------------------------------------------------------------------


def test_municipality_list_filters_and_never_sends_geometry(client):
    district = DistrictFactory(slug="kreis-lippe", name="Kreis Lippe")
    MunicipalityFactory(district=district, name="Detmold", population=75_000, with_geometry=True)
    MunicipalityFactory(district=district, name="Lemgo", population=40_000)
    MunicipalityFactory(name="Bielefeld", population=330_000)

    response, body = get(client, f"{API}/municipalities/?district=kreis-lippe")
    assert response.status_code == 200
    assert [row["name"] for row in body["items"]] == ["Detmold", "Lemgo"]
    assert body["count"] == 2
    assert "geometry" not in response.content.decode()
    assert body["items"][0]["district"]["slug"] == "kreis-lippe"
    assert body["items"][0]["uuid"]

    _, body = get(client, f"{API}/municipalities/?search=lem")
    assert [row["name"] for row in body["items"]] == ["Lemgo"]
    _, body = get(client, f"{API}/municipalities/?size_class={body['items'][0]['size_class']}")
    assert "Lemgo" in [row["name"] for row in body["items"]]
    assert "Bielefeld" not in [row["name"] for row in body["items"]]


def test_pagination_limit_offset_and_maximum(client):
    district = DistrictFactory()
    MunicipalityFactory.create_batch(5, district=district)
    _, body = get(client, f"{API}/municipalities/?limit=2&offset=2")
    assert body["count"] == 5
    assert body["limit"] == 2
    assert body["offset"] == 2
    assert len(body["items"]) == 2
    _, everything = get(client, f"{API}/municipalities/?limit=500")
    assert [row["ags"] for row in everything["items"][2:4]] == [r["ags"] for r in body["items"]]
    response, problem = get(client, f"{API}/municipalities/?limit=501")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "limit" in problem["errors"]


def test_municipality_detail_by_ags_with_networks(client, municipality, network):
    response, body = get(client, f"{API}/municipalities/{municipality.ags}")
    assert response.status_code == 200
    assert body["ags"] == municipality.ags
    assert body["uuid"] == str(municipality.uuid)
    assert body["networks"] == [network.slug]
    assert "Last-Modified" in response


def test_unknown_ags_is_a_german_404_problem(client):
    response, body = get(client, f"{API}/municipalities/99999999")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert body["status"] == 404
    assert body["title"] == "Nicht gefunden."
    assert body["detail"] == "Eine Kommune mit diesem Gemeindeschlüssel gibt es nicht."
    assert body["title_en"]


def test_district_and_network_details(client, municipality, other_municipality, network):
    district = municipality.district
    _, body = get(client, f"{API}/districts/{district.ags}")
    assert body["slug"] == district.slug
    assert body["municipality_count"] == 2
    _, body = get(client, f"{API}/networks/{network.slug}")
    assert body["members"] == sorted([municipality.ags, other_municipality.ags])
    assert body["member_count"] == 2
    _, body = get(client, f"{API}/networks/")
    assert [row["slug"] for row in body["items"]] == [network.slug]


# --- strategies --------------------------------------------------------------------------------


def test_strategy_detail_has_the_whole_tree(client, network):
    strategy = StrategyFactory(network=network, slug="lippe-lebt-digitalisierung")
    field = FieldOfActionFactory(strategy=strategy, key="A")
    goal = GoalFactory(strategy=strategy, field=field, key="A-Z1")
    measure = MeasureFactory(strategy=strategy, field=field, key="A1")
    measure.goals.add(goal)
    IndicatorFactory(measure=measure, name="Online-Dienste")
    MilestoneFactory(measure=measure, title="Start")

    response, body = get(client, f"{API}/strategies/lippe-lebt-digitalisierung")
    assert response.status_code == 200
    assert body["uuid"] == str(strategy.uuid)
    assert body["owner"] == {"kind": "network", "key": network.slug, "name": network.name}
    [field_out] = body["fields"]
    assert field_out["key"] == "A"
    assert [g["key"] for g in field_out["goals"]] == ["A-Z1"]
    [measure_out] = field_out["measures"]
    assert measure_out["goals"] == ["A-Z1"]
    assert [i["name"] for i in measure_out["indicators"]] == ["Online-Dienste"]
    assert [m["title"] for m in measure_out["milestones"]] == ["Start"]

    response, body = get(client, f"{API}/strategies/lippe-lebt-digitalisierung/measures/A1")
    assert response.status_code == 200
    assert body["uuid"] == str(measure.uuid)
    assert body["strategy"] == "lippe-lebt-digitalisierung"
    assert [i["name"] for i in body["indicators"]] == ["Online-Dienste"]


def test_draft_strategies_are_not_public(client, network):
    StrategyFactory(network=network, slug="entwurf", status="draft")
    _, body = get(client, f"{API}/strategies/")
    assert body["items"] == []
    response, _ = get(client, f"{API}/strategies/entwurf")
    assert response.status_code == 403


def test_rollup_per_field_and_measure(client, municipality, other_municipality, measure):
    CommitmentFactory(municipality=municipality, measure=measure, status="done", progress=100)
    response, body = get(client, f"{API}/strategies/{measure.strategy.slug}/rollup")
    assert response.status_code == 200
    assert body["total"]["municipality_count"] == 2
    [measure_row] = body["measures"]
    assert measure_row["uuid"] == str(measure.uuid)
    assert measure_row["rollup"]["committed"] == 1
    assert measure_row["rollup"]["by_status"]["done"] == 1
    assert [row["key"] for row in body["fields"]] == [measure.field.key]


# --- commitments -------------------------------------------------------------------------------


def test_internal_commitments_never_reach_anonymous_callers(client, municipality, measure, cdo):
    public = CommitmentFactory(municipality=municipality, measure=measure)
    internal = CommitmentFactory(measure=MeasureFactory(strategy=measure.strategy))
    internal.municipality = municipality
    internal.is_public = False
    internal.save()

    _, body = get(client, f"{API}/commitments/")
    assert [row["uuid"] for row in body["items"]] == [str(public.uuid)]
    response, _ = get(client, f"{API}/commitments/{internal.uuid}")
    assert response.status_code == 404
    _, body = get(client, f"{API}/strategies/{measure.strategy.slug}/rollup")
    assert body["total"]["commitment_count"] == 1

    # The municipality's own CDO sees both, as on the HTML pages.
    _, body = get(client, f"{API}/commitments/", **bearer(cdo))
    assert {row["uuid"] for row in body["items"]} == {str(public.uuid), str(internal.uuid)}


def test_commitment_filters(client, municipality, other_municipality, measure):
    mine = CommitmentFactory(municipality=municipality, measure=measure)
    theirs = CommitmentFactory(municipality=other_municipality, measure=measure)
    CommitmentFactory()  # another strategy
    _, body = get(client, f"{API}/commitments/?municipality={municipality.ags}")
    assert [row["uuid"] for row in body["items"]] == [str(mine.uuid)]
    _, body = get(client, f"{API}/commitments/?measure={measure.uuid}")
    assert {row["uuid"] for row in body["items"]} == {str(mine.uuid), str(theirs.uuid)}
    _, body = get(client, f"{API}/commitments/?strategy={measure.strategy.slug}")
    assert body["count"] == 2
    assert body["items"][0]["measure"] == str(measure.uuid)


def test_an_invalid_token_is_refused_even_for_reads(client):
    response, body = get(client, f"{API}/districts/", HTTP_AUTHORIZATION="Bearer bp_x_falsch")
    assert response.status_code == 401
    assert body["status"] == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


# --- ETag / Last-Modified ----------------------------------------------------------------------


def test_etag_and_304(client, municipality):
    url = f"{API}/municipalities/{municipality.ags}"
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('"')
    assert first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"anders"').status_code == 200

    municipality.name = "Umbenannt"
    municipality.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_list_etag_changes_with_content(client, municipality):
    url = f"{API}/municipalities/"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    MunicipalityFactory(district=municipality.district)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


# --- query counts (style R11) ------------------------------------------------------------------


def _count_queries(client, url, django_assert_num_queries, expected, **headers):
    ContentType.objects.clear_cache()
    with django_assert_num_queries(expected):
        response = client.get(url, **headers)
    assert response.status_code == 200
    return json.loads(response.content)


LIST_CASES = {
    # url: queries (page rows; the COUNT is skipped when everything fits on one page)
    "/districts/": 1,
    "/municipalities/": 1,
    "/networks/": 1,
    "/strategies/": 1,
    "/commitments/": 1,
}


def _grow(network, n):
    for _ in range(n):
        municipality = MunicipalityFactory(with_geometry=True)
        network.municipalities.add(municipality)
        strategy = StrategyFactory(network=network)
        measure = MeasureFactory(strategy=strategy)
        CommitmentFactory(municipality=municipality, measure=measure)
        NetworkFactory().municipalities.add(municipality)


@pytest.mark.parametrize("path", LIST_CASES)
def test_list_query_count_does_not_grow_with_rows(client, path, django_assert_num_queries):
    network = NetworkFactory()
    _grow(network, 1)
    body = _count_queries(client, API + path, django_assert_num_queries, LIST_CASES[path])
    small = len(body["items"])
    _grow(network, 5)
    body = _count_queries(client, API + path, django_assert_num_queries, LIST_CASES[path])
    assert len(body["items"]) > small


def test_paged_list_query_count_is_rows_plus_count(client, django_assert_num_queries):
    network = NetworkFactory()
    _grow(network, 6)
    body = _count_queries(client, f"{API}/municipalities/?limit=2", django_assert_num_queries, 2)
    assert body["count"] == 6


def test_public_commitment_count_is_kept_until_the_data_changes(client, django_assert_num_queries):
    network = NetworkFactory()
    _grow(network, 6)
    url = f"{API}/commitments/?limit=2"
    # rows, the tables' last changes (the key), the count
    assert _count_queries(client, url, django_assert_num_queries, 3)["count"] == 6
    # rows and the key; the count comes from the cache
    assert _count_queries(client, url, django_assert_num_queries, 2)["count"] == 6
    commitments = list(Commitment.objects.order_by("pk"))
    CommitmentFactory(measure=commitments[0].measure)
    assert get(client, url)[1]["count"] == 7
    commitments[0].is_public = False
    commitments[0].save()
    assert get(client, url)[1]["count"] == 6
    commitments[1].deleted_at = timezone.now()
    commitments[1].save()
    assert get(client, url)[1]["count"] == 5
    measure = commitments[2].measure
    measure.deleted_at = timezone.now()
    measure.save()
    assert get(client, url)[1]["count"] == 4
    strategy = commitments[3].measure.strategy
    strategy.status = "draft"
    strategy.save()
    assert get(client, url)[1]["count"] == 3
    municipality = commitments[4].municipality
    municipality.deleted_at = timezone.now()
    municipality.save()
    assert get(client, url)[1]["count"] == 2
    # Filters have counts of their own.
    filtered = f"{url}&municipality={commitments[5].municipality.ags}"
    assert get(client, filtered)[1]["count"] == 1


def test_a_token_callers_commitment_count_is_never_cached(client, cdo, django_assert_num_queries):
    headers = bearer(cdo)
    home = cdo.roles.member_municipality_ids
    network = NetworkFactory()
    _grow(network, 3)
    for commitment in Commitment.objects.all():
        commitment.municipality_id = next(iter(home))
        commitment.is_public = False
        commitment.save()
    url = f"{API}/commitments/?limit=2"
    assert get(client, url)[1]["count"] == 0
    client.get(url, **headers)  # first use writes last_used_at
    # token + user, roles, rows, count
    assert _count_queries(client, url, django_assert_num_queries, 4, **headers)["count"] == 3
    assert get(client, url)[1]["count"] == 0


def test_token_list_query_count_is_constant(client, cdo, django_assert_num_queries):
    headers = bearer(cdo)
    network = NetworkFactory()
    _grow(network, 1)
    client.get(f"{API}/commitments/", **headers)  # first use writes last_used_at
    # token + user, roles, rows
    _count_queries(client, f"{API}/commitments/", django_assert_num_queries, 3, **headers)
    _grow(network, 5)
    _count_queries(client, f"{API}/commitments/", django_assert_num_queries, 3, **headers)


@pytest.mark.parametrize("suffix", ["", "/rollup"])
def test_strategy_tree_query_count_does_not_grow(
    client, network, municipality, suffix, django_assert_num_queries
):
    strategy = StrategyFactory(network=network)

    def add_measure():
        field = FieldOfActionFactory(strategy=strategy)
        measure = MeasureFactory(strategy=strategy, field=field)
        measure.goals.add(GoalFactory(strategy=strategy, field=field))
        IndicatorFactory(measure=measure)
        MilestoneFactory(measure=measure)
        CommitmentFactory(municipality=municipality, measure=measure)

    add_measure()
    url = f"{API}/strategies/{strategy.slug}{suffix}"
    ContentType.objects.clear_cache()
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    expected = len(small.captured_queries)  # the next request empties the query log
    for _ in range(5):
        add_measure()
    client.get(url)  # the roll-up is computed again once, then kept
    with django_assert_num_queries(expected):
        body = json.loads(client.get(url).content)
    assert len(body["fields"]) == 6
    if suffix:
        assert body["total"]["commitment_count"] == 6


def test_municipality_list_never_loads_geometry(client):
    MunicipalityFactory.create_batch(2, with_geometry=True)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}/municipalities/")
    assert response.status_code == 200
    assert queries.captured_queries
    for query in queries.captured_queries:
        assert "geometry" not in query["sql"]


def test_if_modified_since_answers_304(client, municipality):
    url = f"{API}/municipalities/{municipality.ags}"
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_answers_vary_by_token_and_token_answers_are_private(client, cdo, municipality):
    url = f"{API}/municipalities/{municipality.ags}"
    public = client.get(url)
    assert "Authorization" in public["Vary"]
    assert "private" not in public.get("Cache-Control", "")
    personal = client.get(url, **bearer(cdo))
    assert "Authorization" in personal["Vary"]
    assert "private" in personal["Cache-Control"]
