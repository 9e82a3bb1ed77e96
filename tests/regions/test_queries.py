"""Query-count guards: no page of the registry asks the database more often as rows grow."""

import io
import json
import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from blaupause.regions import services
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import (
    DistrictFactory,
    MunicipalityFactory,
    NetworkFactory,
    RegionFactory,
    square,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    """One region, district, municipality (with boundary) and network to start from."""
    region = RegionFactory()
    district = DistrictFactory(region=region)
    municipality = MunicipalityFactory(district=district, with_geometry=True)
    network = NetworkFactory(region=region, district=district)
    network.municipalities.add(municipality)
    return {
        "region": region,
        "district": district,
        "municipality": municipality,
        "network": network,
    }


def grow(registry, *, rows=5):
    """More of everything: municipalities in the same and in a new district, more networks."""
    new_district = DistrictFactory(region=registry["region"])
    added = [
        *MunicipalityFactory.create_batch(rows, district=registry["district"], with_geometry=True),
        *MunicipalityFactory.create_batch(rows, district=new_district, with_geometry=True),
    ]
    registry["network"].municipalities.add(*added)
    for _ in range(3):
        network = NetworkFactory(region=registry["region"], district=new_district)
        network.municipalities.add(registry["municipality"], *added[:3])
    return added


def assert_same_queries(client, django_assert_num_queries, url, expected, registry, **kwargs):
    cache.clear()
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    grow(registry, **kwargs)
    cache.clear()
    with django_assert_num_queries(expected):
        response = client.get(url)
        assert response.status_code == 200
    return response


def test_start_page(client, django_assert_num_queries, registry):
    # region, districts with counts, networks with counts, map rows, boundaries (cache miss)
    response = assert_same_queries(client, django_assert_num_queries, "/", 5, registry)
    assert response.context["overview"].municipality_count == 11


def test_region_page(client, django_assert_num_queries, registry):
    url = reverse("regions:region_detail", kwargs={"slug": registry["region"].slug})
    assert_same_queries(client, django_assert_num_queries, url, 5, registry)


def test_district_page(client, django_assert_num_queries, registry):
    # district, its municipalities, its networks, boundaries (cache miss)
    url = registry["district"].get_absolute_url()
    response = assert_same_queries(client, django_assert_num_queries, url, 4, registry)
    assert len(response.context["page"].municipalities) == 6
    assert len(response.context["page"].networks) == 4


def test_municipality_list(client, django_assert_num_queries, registry):
    # districts for the filter, count, one page of rows
    url = reverse("regions:municipality_list") + "?kind=Stadt"
    response = assert_same_queries(client, django_assert_num_queries, url, 3, registry, rows=30)
    assert response.context["page"].paginator.count == 61
    assert len(response.context["page"].object_list) == 50


def test_municipality_page(client, django_assert_num_queries, registry):
    # municipality with district and region, its networks with counts, map rows, boundaries,
    # the upcoming events of its networks, its public joint projects
    url = registry["municipality"].get_absolute_url()
    response = assert_same_queries(client, django_assert_num_queries, url, 6, registry)
    assert len(response.context["page"].networks) == 4


def test_municipality_page_for_its_cdo(client, django_assert_num_queries, registry):
    user = UserFactory()
    MembershipFactory(user=user, role="cdo", municipality=registry["municipality"])
    client.force_login(user)
    # + session, user, the user's roles (read once for all permission checks), unread
    # notifications in the header; for members also its procurement plans, synergy suggestions
    # and learning: participations and offers for its gaps
    url = registry["municipality"].get_absolute_url()
    response = assert_same_queries(client, django_assert_num_queries, url, 15, registry)
    assert response.context["can_edit"] is True


def test_network_list(client, django_assert_num_queries, registry):
    response = assert_same_queries(
        client, django_assert_num_queries, reverse("regions:network_list"), 1, registry
    )
    assert len(response.context["networks"]) == 4


def test_network_page(client, django_assert_num_queries, registry):
    # network, members, map rows, boundaries, the network's strategies, upcoming events,
    # governance summary
    url = registry["network"].get_absolute_url()
    response = assert_same_queries(client, django_assert_num_queries, url, 7, registry)
    assert len(response.context["page"].members) == 11


def reads_geometry(sql: str) -> bool:
    """True when the query selects the boundary column (not merely tests it for NULL)."""
    return bool(re.search(r'"geometry"(,| FROM)', sql))


def test_boundaries_come_from_the_cache_and_follow_changes(client, registry):
    url = registry["district"].get_absolute_url()
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    with CaptureQueriesContext(connection) as warm:
        html_before = client.get(url).content.decode()
    assert len(warm) == len(cold) - 1
    assert [q for q in cold.captured_queries if reads_geometry(q["sql"])]
    assert not [q for q in warm.captured_queries if reads_geometry(q["sql"])]
    # A new boundary gives a new picture without clearing anything by hand.
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"ags": registry["municipality"].ags},
                "geometry": square(9.0, 52.0, 0.3),
            }
        ],
    }
    services.regions_load_geometry(file=io.BytesIO(json.dumps(collection).encode()))
    assert client.get(url).content.decode() != html_before


def test_list_pages_never_load_boundaries_and_maps_only_their_own(client, registry):
    grow(registry)
    for url in (reverse("regions:municipality_list"), reverse("regions:network_list")):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert not [q for q in queries.captured_queries if reads_geometry(q["sql"])], url
    with CaptureQueriesContext(connection) as queries:
        client.get(registry["municipality"].get_absolute_url())
    reads = [q["sql"] for q in queries.captured_queries if reads_geometry(q["sql"])]
    assert len(reads) == 1
    assert '"district_id" = ' in reads[0]  # the district's boundaries, not the country's
