"""Query-count guards: the strategy pages ask the database as often with 34 or 340 measures."""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from blaupause.strategies import services
from tests.factories.strategies import (
    FieldOfActionFactory,
    GoalFactory,
    IndicatorFactory,
    LifeAreaFactory,
    MeasureFactory,
    MilestoneFactory,
)

pytestmark = pytest.mark.django_db


def grow(world, *, fields=2, measures_per_field=5):
    """More fields, goals, life areas, measures with links, indicators and milestones."""
    strategy = world["strategy"]
    previous = world["measure"]
    for _index in range(fields):
        field = FieldOfActionFactory(strategy=strategy)
        goal = GoalFactory(field=field)
        area = LifeAreaFactory(strategy=strategy)
        for _ in range(measures_per_field):
            measure = MeasureFactory(
                field=field, goals=[goal, world["goal"]], life_areas=[area], depends_on=[previous]
            )
            IndicatorFactory(measure=measure)
            MilestoneFactory(measure=measure)
            previous = measure


def count_queries(client, url):
    cache.clear()
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def assert_constant(client, world, url, *, django_assert_num_queries, after=None):
    small, _ = count_queries(client, url)
    grow(world, fields=3, measures_per_field=4)  # ×10 the measures of the world
    if after:
        after()
    cache.clear()
    ContentType.objects.clear_cache()
    with django_assert_num_queries(small):
        response = client.get(url)
        assert response.status_code == 200
    return small, response


def test_strategy_page(client, world, django_assert_num_queries):
    url = world["strategy"].get_absolute_url()
    queries, response = assert_constant(
        client, world, url, django_assert_num_queries=django_assert_num_queries
    )
    assert response.content.decode().count('class="bp-measure"') == 13
    # With an empty cache; includes the consultation summary and the roll-up's cache key.
    assert queries <= 18


def test_strategy_page_for_an_editor_with_filters(client, world, django_assert_num_queries):
    client.force_login(world["people"]["coordinator"])
    url = world["strategy"].get_absolute_url() + "?suche=Ma%C3%9Fnahme&feld=A"
    assert_constant(client, world, url, django_assert_num_queries=django_assert_num_queries)


def test_measure_page(client, world, django_assert_num_queries):
    url = world["measure"].get_absolute_url()
    _, response = assert_constant(
        client, world, url, django_assert_num_queries=django_assert_num_queries
    )
    assert "Ist Grundlage für" in response.content.decode()


def test_version_list_and_comparison(client, world, django_assert_num_queries):
    coordinator = world["people"]["coordinator"]
    strategy = world["strategy"]
    services.strategy_publish(actor=coordinator, strategy=strategy)
    services.item_update(
        actor=coordinator, item=world["measure"], values={"title": "Neu"}, expected_version=1
    )
    services.strategy_publish(actor=coordinator, strategy=strategy)

    def publish_more():
        services.strategy_publish(actor=coordinator, strategy=strategy)

    list_url = reverse("strategies:version_list", kwargs={"slug": strategy.slug})
    assert_constant(
        client,
        world,
        list_url,
        django_assert_num_queries=django_assert_num_queries,
        after=publish_more,
    )
    compare_url = reverse("strategies:version_compare", kwargs={"slug": strategy.slug})
    small, _ = count_queries(client, compare_url + "?von=1&zu=2")
    with django_assert_num_queries(small):
        response = client.get(compare_url + "?von=1&zu=3")  # 3 has ten times the measures
    assert "13 neu" not in response.content.decode()
    assert "12 neu" in response.content.decode()


def test_version_view(client, world, django_assert_num_queries):
    coordinator = world["people"]["coordinator"]
    services.strategy_publish(actor=coordinator, strategy=world["strategy"])
    url = reverse("strategies:version_detail", kwargs={"slug": world["strategy"].slug, "number": 1})
    small, _ = count_queries(client, url)
    grow(world, fields=3, measures_per_field=4)
    services.strategy_publish(actor=coordinator, strategy=world["strategy"])
    url2 = reverse(
        "strategies:version_detail", kwargs={"slug": world["strategy"].slug, "number": 2}
    )
    with django_assert_num_queries(small):
        assert client.get(url2).status_code == 200
