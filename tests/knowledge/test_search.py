"""German full-text search: the same behaviour on SQLite (FTS5) and PostgreSQL (tsvector)."""

import pytest

from blaupause.knowledge.constants import ArticleKind, ArticleStatus, Visibility
from blaupause.knowledge.search.query import search
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.regions import DistrictFactory, MunicipalityFactory, RegionFactory

from .search_helpers import article, filler

pytestmark = pytest.mark.django_db


def titles(results):
    return [hit.document.title for hit in results.hits]


@pytest.fixture
def corpus(municipality):
    region = municipality.district.region
    filler(region=region)
    return region


def test_inflected_query_finds_the_base_form(corpus, client):
    article("Digitalisierungsstrategie der Stadt", "Unsere Ziele bis 2030.")
    results = search(viewer=None, query="Digitalisierungsstrategien")
    assert titles(results) == ["Digitalisierungsstrategie der Stadt"]


def test_a_compound_part_finds_the_compound(corpus):
    article("Digitalisierungsstrategie der Stadt", "Unsere Ziele bis 2030.")
    results = search(viewer=None, query="Strategie")
    assert titles(results) == ["Digitalisierungsstrategie der Stadt"]


def test_compound_query_finds_its_parts_but_ranks_the_exact_hit_first(corpus):
    article("Informationssystem für den Rat", "Sitzungen und Vorlagen digital verwalten.")
    article("Ratsinformationssystem einführen", "Gemeinsame Ausschreibung mit Nachbarkommunen.")
    article("Informationssystem Abwasser", "Kanalkataster digital.")  # has no "Rat": no hit
    results = search(viewer=None, query="Ratsinformationssystem")
    assert titles(results) == [
        "Ratsinformationssystem einführen",
        "Informationssystem für den Rat",
    ]


def test_exact_hit_wins_even_when_the_part_hit_is_in_the_title(corpus):
    article("Rat und Informationssystem", "")
    article("Leitfaden", "Das Ratsinformationssystem wird 2026 eingeführt.")
    assert titles(search(viewer=None, query="ratsinformationssystem"))[0] == "Leitfaden"


def test_every_word_must_match(corpus):
    article("Ratsinformationssystem einführen", "Ausschreibung 2026")
    article("Ratsinformationssystem betreiben", "Betrieb und Support")
    assert titles(search(viewer=None, query="Ratsinformationssystem Ausschreibung")) == [
        "Ratsinformationssystem einführen"
    ]


def test_snippet_marks_hits_and_escapes_html(corpus):
    article(
        "Vorlage",
        "Vorweg <script>alert(1)</script> & mehr: die Digitalisierungsstrategie im Rat.",
    )
    [hit] = search(viewer=None, query="Strategie").hits
    assert "<mark>Digitalisierungsstrategie</mark>" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet or "alert" not in hit.snippet
    assert "&amp;" in hit.snippet or "&" not in hit.snippet.replace("&amp;", "").replace(
        "&lt;", ""
    ).replace("&gt;", "")


def test_title_is_highlighted_and_escaped(corpus):
    article("<b>Strategie</b> & Praxis", "")
    [hit] = search(viewer=None, query="strategie").hits
    assert hit.title == "&lt;b&gt;<mark>Strategie</mark>&lt;/b&gt; &amp; Praxis"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "' OR 1=1 --",
        "*",
        "NEAR(",
        '"',
        "-",
        "AND OR NOT",
        "\x00",
        "Strategie\x00",
        "a" * 10_000,
        "Rat " * 2_000,
        "'; DROP TABLE knowledge_searchdocument; --",
        "(((",
        "^Strategie*",
        'Strategie" OR "x',
        "title_terms:rat",
    ],
)
def test_odd_queries_never_fail(corpus, query):
    article("Digitalisierungsstrategie", "Rat und Verwaltung")
    results = search(viewer=None, query=query)
    assert results.hint or results.total >= 0


@pytest.mark.parametrize("query", ["", "' -- *", '"', "\x00"])
def test_queries_without_words_ask_for_a_search_term(query):
    results = search(viewer=None, query=query)
    assert results.total == 0
    assert "Bitte geben Sie einen Suchbegriff ein" in results.hint


def test_operator_words_are_searched_as_words(corpus):
    article("Near-Field-Kommunikation", "NFC im Bürgerbüro.")
    assert titles(search(viewer=None, query="NEAR(")) == ["Near-Field-Kommunikation"]
    assert search(viewer=None, query="' OR 1=1 --").total == 0


def test_no_hits_gives_a_hint(corpus):
    results = search(viewer=None, query="Quantencomputer")
    assert results.total == 0
    assert "Keine Treffer" in results.hint


# --- visibility --------------------------------------------------------------------------------


def test_members_only_article_is_not_found_by_anonymous(corpus):
    article(
        "Interne Beschlussvorlage Ratsinformationssystem",
        visibility=Visibility.MEMBERS,
        region=corpus,
    )
    assert search(viewer=None, query="Ratsinformationssystem").total == 0
    outsider = UserFactory()  # logged in, but no role
    assert search(viewer=outsider, query="Ratsinformationssystem").total == 0


def test_members_only_article_is_found_by_role_holders_of_the_region(corpus, cdo):
    article(
        "Interne Beschlussvorlage Ratsinformationssystem",
        visibility=Visibility.MEMBERS,
        region=corpus,
    )
    assert search(viewer=cdo, query="Ratsinformationssystem").total == 1


def test_members_only_article_is_not_found_by_role_holders_of_another_region(corpus):
    article(
        "Interne Beschlussvorlage Ratsinformationssystem",
        visibility=Visibility.MEMBERS,
        region=corpus,
    )
    other_region = RegionFactory(slug="muenster", name="Münsterland", ags_prefix="055")
    elsewhere = MunicipalityFactory(
        district=DistrictFactory(region=other_region, ags="05558"), ags="05558004"
    )
    assert elsewhere.district.region_id != corpus.pk
    user = UserFactory()
    MembershipFactory(user=user, role="cdo", municipality=elsewhere)
    assert search(viewer=user, query="Ratsinformationssystem").total == 0


def test_drafts_are_not_found(corpus, cdo):
    article("Entwurf Ratsinformationssystem", status=ArticleStatus.DRAFT, region=corpus)
    assert search(viewer=cdo, query="Ratsinformationssystem").total == 0


# --- facets and paging -------------------------------------------------------------------------


def test_facets_count_by_type_field_life_area_and_municipality(corpus, municipality):
    article(
        "Strategie A",
        kind=ArticleKind.HOWTO,
        field_title="Verwaltung",
        life_area_title="Wohnen",
        author_municipality=municipality,
    )
    article(
        "Strategie B",
        kind=ArticleKind.TEMPLATE,
        field_title="Verwaltung",
        life_area_title="Bildung",
        author_municipality=municipality,
    )
    article("Strategie C", kind=ArticleKind.TEMPLATE, field_title="Infrastruktur")
    results = search(viewer=None, query="Strategie")
    facets = {facet.name: {v.label: v.count for v in facet.values} for facet in results.facets}
    assert facets["type"] == {"Vorlage": 2, "Anleitung": 1}
    assert facets["field"] == {"Verwaltung": 2, "Infrastruktur": 1}
    assert facets["life_area"] == {"Wohnen": 1, "Bildung": 1}
    assert facets["municipality"] == {municipality.name: 2}


def test_facet_filter_narrows_results_and_counts(corpus):
    article("Strategie A", kind=ArticleKind.HOWTO, field_title="Verwaltung")
    article("Strategie B", kind=ArticleKind.TEMPLATE, field_title="Verwaltung")
    article("Strategie C", kind=ArticleKind.TEMPLATE, field_title="Infrastruktur")
    results = search(viewer=None, query="Strategie", filters={"type": "article:template"})
    assert sorted(titles(results)) == ["Strategie B", "Strategie C"]
    field = next(facet for facet in results.facets if facet.name == "field")
    assert {v.label: v.count for v in field.values} == {"Verwaltung": 1, "Infrastruktur": 1}
    both = search(
        viewer=None, query="Strategie", filters={"type": "article:template", "field": "verwaltung"}
    )
    assert titles(both) == ["Strategie B"]


def test_unknown_filter_value_gives_no_hits_not_an_error(corpus):
    article("Strategie A")
    results = search(viewer=None, query="Strategie", filters={"type": "' OR 1=1 --"})
    assert results.total == 0


def test_pages(corpus):
    for number in range(25):
        article(f"Strategie {number}")
    first = search(viewer=None, query="Strategie")
    assert (first.total, first.pages, len(first.hits)) == (25, 2, 20)
    second = search(viewer=None, query="Strategie", page=2)
    assert len(second.hits) == 5
    assert not set(titles(first)) & set(titles(second))
    beyond = search(viewer=None, query="Strategie", page=99)
    assert beyond.page == 2


# --- bounded work on broad queries -------------------------------------------------------------


@pytest.fixture
def limit_3(monkeypatch):
    monkeypatch.setattr("blaupause.knowledge.search.query.CANDIDATE_LIMIT", 3)


def test_more_matches_than_the_limit_are_counted_as_more(corpus, limit_3):
    for number in range(5):
        article(f"Strategie {number}", field_title="Verwaltung")
    results = search(viewer=None, query="Strategie")
    assert results.total == 3
    assert results.total_capped
    assert results.pages == 1
    assert len(results.hits) == 3
    fields = next(facet for facet in results.facets if facet.name == "field")
    assert [(value.label, value.count) for value in fields.values] == [("Verwaltung", 3)]


def test_matches_up_to_the_limit_are_counted_exactly(corpus, limit_3):
    for number in range(3):
        article(f"Strategie {number}")
    results = search(viewer=None, query="Strategie")
    assert (results.total, results.total_capped) == (3, False)


def test_exact_hits_fill_the_limit_before_compound_part_hits(corpus, limit_3):
    article("Informationssystem für den Rat", "")
    article("Rat und Informationssystem", "")
    for number in range(3):
        article(f"Ratsinformationssystem {number}", "")
    results = search(viewer=None, query="Ratsinformationssystem")
    assert results.total_capped
    assert all(title.startswith("Ratsinformationssystem") for title in titles(results))


def test_compound_part_hits_follow_exact_hits_below_the_limit(corpus, limit_3):
    article("Informationssystem für den Rat", "")
    article("Ratsinformationssystem einführen", "")
    article("Rat und Informationssystem", "")
    article("Ratsinformationssystem betreiben", "")
    results = search(viewer=None, query="Ratsinformationssystem")
    assert results.total_capped
    assert set(titles(results)[:2]) == {
        "Ratsinformationssystem betreiben",
        "Ratsinformationssystem einführen",
    }
    assert titles(results)[2] in {"Informationssystem für den Rat", "Rat und Informationssystem"}
