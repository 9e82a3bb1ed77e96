from django.core.cache import cache

import pytest

from blaupause.regions import demo
from blaupause.regions.models import Municipality


@pytest.fixture(autouse=True)
def _empty_cache():
    """Map shapes are cached; every test starts cold so that query counts are comparable."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def owl(db):
    """The bundled OWL reference data: region, 7 districts, 70 municipalities with boundaries."""
    return demo.load_reference_data()


@pytest.fixture
def owl_networks(owl):
    demo.load_demo_content()
    return owl


@pytest.fixture
def detmold(owl):
    return Municipality.objects.get(ags="05766020")


@pytest.fixture
def lemgo(owl):
    return Municipality.objects.get(ags="05766044")
