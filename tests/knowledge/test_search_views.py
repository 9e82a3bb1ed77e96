"""The search page: one box, results with type and snippet, facet links, pages, odd input."""

from django.urls import reverse

import pytest

from blaupause.knowledge.constants import ArticleKind, Visibility

from .search_helpers import article, filler

pytestmark = pytest.mark.django_db

URL = reverse("knowledge:search")


def test_empty_page_has_one_heading_and_a_labelled_box(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert '<label class="kern-label" for="id_q">Suchbegriff</label>' in html
    assert "style=" not in html
    assert "<script>" not in html


def test_results_show_type_snippet_and_facet_links(client, municipality):
    filler()
    article(
        "Digitalisierungsstrategie",
        "Die Strategie <em>beschreibt</em> unsere Ziele.",
        kind=ArticleKind.TEMPLATE,
        field_title="Verwaltung",
        author_municipality=municipality,
    )
    response = client.get(URL, {"q": "Strategie"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vorlage" in html
    assert "<mark>Digitalisierungsstrategie</mark>" in html
    assert "<mark>Strategie</mark>" in html
    assert "<em>" not in html.split('id="treffer-titel"')[1]
    assert 'href="?q=Strategie&amp;typ=article%3Atemplate"' in html
    assert 'href="?q=Strategie&amp;handlungsfeld=verwaltung"' in html
    assert f"kommune={municipality.pk}" in html


def test_facet_filter_link_narrows_and_can_be_removed(client):
    article("Strategie A", kind=ArticleKind.TEMPLATE)
    article("Strategie B", kind=ArticleKind.HOWTO)
    response = client.get(URL, {"q": "Strategie", "typ": "article:howto"})
    html = response.content.decode()
    assert "</mark> B</a>" in html
    assert "</mark> A</a>" not in html
    assert 'aria-current="true"' in html
    assert 'href="?q=Strategie"' in html  # the selected value links to the unfiltered list


@pytest.mark.parametrize(
    "params",
    [
        {"q": "' OR 1=1 --"},
        {"q": "*"},
        {"q": "NEAR("},
        {"q": '"'},
        {"q": "-"},
        {"q": "a" * 20_000},
        {"q": "Strategie\x00"},
        {"q": "Strategie", "seite": "abc"},
        {"q": "Strategie", "seite": "-5"},
        {"q": "Strategie", "seite": "9" * 50},
        {"q": "Strategie", "typ": "'; --"},
        {"q": "Strategie", "typ": "\x00", "kommune": "1\x00"},
        {"q": "Strategie\x00", "seite": "\x00"},
        {"q": ""},
    ],
)
def test_odd_input_gives_a_page_not_an_error(client, params):
    article("Digitalisierungsstrategie")
    response = client.get(URL, params)
    assert response.status_code == 200


def test_only_operators_ask_for_a_term(client):
    response = client.get(URL, {"q": "' -- * \""})
    assert "Bitte geben Sie einen Suchbegriff ein" in response.content.decode()


def test_members_only_article_is_not_shown_to_anonymous(client, cdo, municipality):
    region = municipality.district.region
    article("Internes Ratsinformationssystem", visibility=Visibility.MEMBERS, region=region)
    assert "Internes" not in client.get(URL, {"q": "Rat"}).content.decode()
    client.force_login(cdo)
    html = client.get(URL, {"q": "Rat"}).content.decode()
    assert "Internes <mark>Ratsinformationssystem</mark>" in html
    assert "Nur für Mitglieder sichtbar" in html


def test_pages_link_to_each_other(client):
    for number in range(23):
        article(f"Strategie {number}")
    html = client.get(URL, {"q": "Strategie"}).content.decode()
    assert "Seite 1 von 2" in html
    assert 'href="?q=Strategie&amp;seite=2"' in html
    html = client.get(URL, {"q": "Strategie", "seite": "2"}).content.decode()
    assert 'href="?q=Strategie&amp;seite=1"' in html


def test_query_count_does_not_grow_with_results(client, cdo, django_assert_max_num_queries):
    client.force_login(cdo)
    article("Strategie 0", field_title="Feld 0")
    client.get(URL, {"q": "Strategie"})  # warm caches (content types, session)
    with django_assert_max_num_queries(12) as first:
        client.get(URL, {"q": "Strategie"})
    for number in range(1, 15):
        article(f"Strategie {number}", field_title=f"Feld {number}", life_area_title="Wohnen")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(URL, {"q": "Strategie"})
    assert len(response.context["results"].hits) == 15


def test_header_slot_renders_a_labelled_search_form():
    from django.template.loader import render_to_string

    html = render_to_string("knowledge/slots/header_search.html")
    assert f'action="{URL}"' in html
    assert 'for="bp-header-search-q"' in html


def test_more_matches_than_the_limit_say_so(client, monkeypatch):
    monkeypatch.setattr("blaupause.knowledge.search.query.CANDIDATE_LIMIT", 2)
    for number in range(3):
        article(f"Strategie {number}")
    html = client.get(URL, {"q": "Strategie"}).content.decode()
    assert "Mehr als 2 Treffer." in html
    assert "grenzen Sie die Suche mit weiteren Begriffen oder Filtern ein" in html
