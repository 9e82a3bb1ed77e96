"""The demo articles: all six kinds, by OWL municipalities, labelled as demo, loaded once."""

import pytest

from blaupause.knowledge.constants import ArticleKind
from blaupause.knowledge.demo_articles import DEMO_ARTICLES, load_demo_articles
from blaupause.knowledge.models import Article
from tests.factories.commitments import MeasureFactory, StrategyFactory
from tests.factories.regions import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_demo_articles_load_once_and_cover_all_kinds(municipality):
    for name in {spec.municipality for spec in DEMO_ARTICLES}:
        MunicipalityFactory(name=name, district=municipality.district)
    strategy = StrategyFactory(slug="lippe-lebt-digitalisierung")
    for key in {spec.measure_key for spec in DEMO_ARTICLES if spec.measure_key}:
        MeasureFactory(strategy=strategy, key=key)
    assert load_demo_articles() == len(DEMO_ARTICLES) == 12
    assert load_demo_articles() == 0
    articles = Article.objects.all()
    assert {a.kind for a in articles} == set(ArticleKind.values)
    assert all(a.is_demo and "Demo-Inhalt" in a.body for a in articles)
    assert all(a.author_municipality_id for a in articles)
    practice = articles.get(slug="demo-praxisbeispiel-e-akte-lippe")
    assert practice.measure.key == "B-M03"


def test_demo_articles_without_reference_data_still_load(db):
    assert load_demo_articles() == 12
    # No Lippe strategy: a best practice without its measure becomes a lessons-learned report.
    assert not Article.objects.filter(kind=ArticleKind.BEST_PRACTICE).exists()


def test_demo_article_pages_render(client, municipality):
    load_demo_articles()
    for article in Article.objects.filter(visibility="public"):
        assert client.get(article.get_absolute_url()).status_code == 200
