"""The regional view: who sees what (named rows only for the regional admin), k-anonymity for
network coordination, year and filters, bad input, constant query count."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from blaupause.assessments.constants import AssessmentStatus
from blaupause.assessments.regional_selectors import level_class
from tests.factories.assessments import AssessmentFactory, submitted_assessment
from tests.factories.regions import MunicipalityFactory, NetworkFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db

POLYGON = {"type": "Polygon", "coordinates": [[[8.8, 51.9], [8.9, 51.9], [8.9, 52.0], [8.8, 51.9]]]}


def _region_url(world, **query):
    url = reverse("assessments:region_overview", kwargs={"slug": world.region.slug})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _network_url(world):
    return reverse("assessments:network_overview", kwargs={"slug": world.network.slug})


@pytest.mark.parametrize(
    ("role", "region_status", "network_status"),
    [
        ("anonymous", 302, 302),
        ("contributor", 403, 403),
        ("cdo", 403, 403),
        ("coordinator", 403, 200),
        ("regional_admin", 200, 200),
    ],
)
def test_who_sees_the_regional_view(client, world, people, role, region_status, network_status):
    client = client_for(client, people[role])
    assert client.get(_region_url(world)).status_code == region_status
    assert client.get(_network_url(world)).status_code == network_status


def test_regional_admin_sees_named_heat_map_with_numbers(client, world, people):
    submitted_assessment(world.home, current=1, target=2, levels={"A1": (4, 4)})
    submitted_assessment(world.peer, current=3, target=4)
    page = client_for(client, people["regional_admin"]).get(_region_url(world)).content.decode()
    assert "Heatmap: Kommunen und Fragen" in page
    assert "<caption" in page
    assert 'scope="row"' in page
    assert 'scope="col"' in page
    assert "Heimstadt" in page
    assert "Nachbardorf" in page
    # every cell carries the number besides its colour
    assert '<td class="bp-heat__cell bp-heat-4">4</td>' in page
    assert '<td class="bp-heat__cell bp-heat-3">3</td>' in page
    # distribution of A1: one municipality at 3, one at 4
    view = client.get(_region_url(world)).context["view"]
    a1 = next(row for row in view.distribution if row.code == "A1")
    assert a1.counts == [0, 0, 0, 1, 1]
    b1 = next(row for row in view.distribution if row.code == "B1")
    assert b1.counts == [0, 1, 0, 1, 0]


def test_coordinator_sees_no_names_and_nothing_below_the_threshold(client, world, people):
    submitted_assessment(world.home, current=1, target=2)
    submitted_assessment(world.peer, current=3, target=4)
    response = client_for(client, people["coordinator"]).get(_network_url(world))
    page = response.content.decode()
    view = response.context["view"]
    assert view.named is False
    assert view.rows == []
    assert "Heatmap" not in page
    assert "zu wenige Teilnehmende" in page
    assert view.distribution == []
    assert all(row.mean is None for row in view.districts)


def test_coordinator_sees_group_values_from_five_members(client, world, people):
    submitted_assessment(world.home, current=1, target=2)
    submitted_assessment(world.peer, current=3, target=4)
    for _ in range(2):
        municipality = MunicipalityFactory(district=world.district)
        world.network.municipalities.add(municipality)
        submitted_assessment(municipality, current=2, target=3)
    client = client_for(client, people["coordinator"])
    view = client.get(_network_url(world)).context["view"]
    assert view.submitted_count == 4
    assert view.distribution == []

    fifth = MunicipalityFactory(district=world.district, name="Fünftort")
    world.network.municipalities.add(fifth)
    submitted_assessment(fifth, current=2, target=3)
    response = client.get(_network_url(world))
    view = response.context["view"]
    assert view.submitted_count == 5
    assert next(r for r in view.distribution if r.code == "A1").counts == [0, 1, 3, 1, 0]
    assert view.districts[0].mean == pytest.approx(2.0)
    page = response.content.decode()
    assert "Heimstadt" not in page
    assert "Fünftort" not in page


def test_regional_admin_sees_named_rows_on_the_network_page_too(client, world, people):
    submitted_assessment(world.home)
    view = client_for(client, people["regional_admin"]).get(_network_url(world)).context["view"]
    assert view.named is True
    assert [row.name for row in view.rows] == ["Heimstadt", "Nachbardorf"]
    assert [row.submitted for row in view.rows] == [True, False]


def test_only_submitted_checks_count_and_latest_year_is_default(client, world, people):
    submitted_assessment(world.home, year=2025, current=1, target=1)
    submitted_assessment(world.home, year=2026, current=3, target=3)
    AssessmentFactory(municipality=world.peer, year=2026)  # a draft counts nowhere
    client = client_for(client, people["regional_admin"])
    view = client.get(_region_url(world)).context["view"]
    assert view.year == 2026
    assert view.years == [2026, 2025]
    assert view.submitted_count == 1
    assert [row.mean for row in view.rows] == [3.0, None]
    view = client.get(_region_url(world, jahr=2025)).context["view"]
    assert [row.mean for row in view.rows] == [1.0, None]


def test_reopened_check_is_not_counted(client, world, people):
    assessment = submitted_assessment(world.home, year=2026)
    submitted_assessment(world.peer, year=2026)
    assessment.status = AssessmentStatus.DRAFT
    assessment.save()
    view = client_for(client, people["regional_admin"]).get(_region_url(world)).context["view"]
    assert view.submitted_count == 1


def test_filters_by_district_and_network(client, world, people):
    elsewhere = MunicipalityFactory(district=world.other_district, name="Fernstadt")
    submitted_assessment(elsewhere)
    submitted_assessment(world.home)
    client = client_for(client, people["regional_admin"])
    names = [r.name for r in client.get(_region_url(world)).context["view"].rows]
    assert names == ["Fernstadt", "Heimstadt", "Nachbardorf"]
    view = client.get(_region_url(world, kreis=world.other_district.slug)).context["view"]
    assert [r.name for r in view.rows] == ["Fernstadt"]
    view = client.get(_region_url(world, netzwerk=world.network.slug)).context["view"]
    assert [r.name for r in view.rows] == ["Heimstadt", "Nachbardorf"]


@pytest.mark.parametrize(
    "query",
    [{"jahr": "abc"}, {"jahr": "1999"}, {"jahr": "9" * 30}, {"kreis": "gibt-es-nicht"}],
)
def test_bad_filters_give_a_german_notice_not_a_500(client, world, people, query):
    submitted_assessment(world.home)
    response = client_for(client, people["regional_admin"]).get(_region_url(world, **query))
    assert response.status_code == 200
    page = response.content.decode()
    assert "gibt es" in page  # "… gibt es nicht" / "… gibt es keine abgeschlossenen …"
    assert response.context["view"].year == 2026


def test_empty_region_says_so(client, world, people):
    page = client_for(client, people["regional_admin"]).get(_region_url(world)).content.decode()
    assert "noch keine Kommune einen Selbstcheck abgeschlossen" in page


def test_map_shows_the_mean_per_municipality(client, world, people):
    for municipality in (world.home, world.peer):
        municipality.geometry = POLYGON
        municipality.save()
    submitted_assessment(world.home, current=3, target=3)
    view = client_for(client, people["regional_admin"]).get(_region_url(world)).context["view"]
    areas = {area.key: area for area in view.map.areas}
    assert areas[world.home.ags].css_class == "bp-heat-3"
    assert "mittlere Stufe 3,0" in areas[world.home.ags].label
    assert areas[world.peer.ags].css_class == "bp-heat-none"


def test_links_from_region_and_network_pages_only_for_these_roles(client, world, people):
    region_page = reverse("regions:region_detail", kwargs={"slug": world.region.slug})
    network_page = reverse("regions:network_detail", kwargs={"slug": world.network.slug})
    admin = client_for(client, people["regional_admin"])
    assert _region_url(world) in admin.get(region_page).content.decode()
    assert _network_url(world) in admin.get(network_page).content.decode()
    client.logout()
    coordinator = client_for(client, people["coordinator"])
    assert _region_url(world) not in coordinator.get(region_page).content.decode()
    assert _network_url(world) in coordinator.get(network_page).content.decode()
    client.logout()
    cdo = client_for(client, people["cdo"])
    assert _network_url(world) not in cdo.get(network_page).content.decode()


def test_level_class_rounds_means():
    assert [level_class(v) for v in (None, 0, 1.4, 1.5, 3.9, 4)] == [
        "bp-heat-none",
        "bp-heat-0",
        "bp-heat-1",
        "bp-heat-2",
        "bp-heat-4",
        "bp-heat-4",
    ]


@pytest.mark.parametrize("who", ["regional_admin", "coordinator"])
def test_queries_do_not_grow_with_municipalities(client, world, people, who):
    url = _region_url(world) if who == "regional_admin" else _network_url(world)
    world.home.geometry = POLYGON
    world.home.save()
    submitted_assessment(world.home)
    client = client_for(client, people[who])
    client.get(url)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    extra_network = NetworkFactory(region=world.region, district=world.district)
    for _ in range(6):
        municipality = MunicipalityFactory(district=world.district, geometry=POLYGON)
        world.network.municipalities.add(municipality)
        extra_network.municipalities.add(municipality)
        submitted_assessment(municipality)
    client.get(url)  # the map cache key changed: the shapes are projected once
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["view"].submitted_count == 7
    assert len(many.captured_queries) == len(few.captured_queries)
