"""What a visitor sees on the strategy pages, without logging in."""

import re

from django.urls import reverse

import pytest

from blaupause.strategies import services
from blaupause.strategies.constants import StrategyStatus
from tests.factories.strategies import (
    IndicatorFactory,
    MeasureFactory,
    MilestoneFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db

SLUG = "lippe-lebt-digitalisierung"


def text_of(response) -> str:
    """The visible text of a page, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def strategy_url(**params) -> str:
    url = reverse("strategies:strategy_detail", kwargs={"slug": SLUG})
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


# --- the Lippe strategy, as a newcomer sees it -------------------------------------------------


def test_the_lippe_strategy_page_explains_itself(client, lippe):
    response = client.get(strategy_url())
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert html.count("<h1") == 1
    assert lippe.slogan == (
        "Lippe lebt Digitalisierung! Ländlich geprägt, leidenschaftlich vernetzt, "
        "mit digitalem Weitblick"
    )
    assert lippe.slogan in text
    assert "Beschlossen" in text
    assert "Blaupause" in text
    assert "Bürgermeisterkonferenz Lippe · Datum nicht öffentlich belegt" in text
    # The reconstruction notice, plainly, as an info alert.
    assert "Aus öffentlichen Quellen rekonstruiert" in text
    assert 'class="kern-alert kern-alert--info bp-notice"' in html
    assert lippe.reconstruction_notice in text
    # The four fields as a navigable structure.
    for key, title in [
        ("A", "IKZ &amp; Beteiligung"),
        ("B", "Digitale Infrastruktur"),
        ("C", "Kultur &amp; Führung"),
        ("D", "Befähigung, Wissens- und Change-Management"),
    ]:
        assert f'href="#handlungsfeld-{key}"' in html
        assert f'id="handlungsfeld-{key}"' in html
        assert title in html
    assert "4 Handlungsfelder mit 12 Zielen und 34 Maßnahmen." in text
    assert html.count('class="bp-measure"') == 34
    assert reverse("strategies:measure_detail", kwargs={"slug": SLUG, "key": "A-M01"}) in html
    # Values, life areas, sources, versions.
    assert "Augenhöhe" in text
    assert "Gesundheit &amp; Pflege" in html
    assert 'href="https://citylife-hi.de/2024/05/23/' in html
    assert "Version 1 vom" in text
    # Nothing to edit for visitors.
    assert "Bearbeiten" not in text
    assert "/bearbeiten/" not in html


def test_filters_live_in_the_url(client, lippe):
    response = client.get(strategy_url(feld="B"))
    text = text_of(response)
    assert "9 von 34 Maßnahmen passen zu den Filtern." in text
    assert 'id="handlungsfeld-A"' not in response.content.decode()
    assert '<option value="B" selected>' in response.content.decode()

    response = client.get(strategy_url(lebensbereich="mobilitaet"))
    shown = set(re.findall(r'massnahmen/([A-D]-M\d\d)/"', response.content.decode()))
    expected = set(
        lippe.measures.filter(life_areas__key="mobilitaet").values_list("key", flat=True)
    )
    assert shown == expected
    assert len(expected) > 1

    # The search ignores case and umlaut spelling ("Fortschrittsbericht Buergermeisterkonferenz").
    response = client.get(strategy_url(suche="fortschrittsbericht+BUERGERMEISTERKONFERENZ"))
    assert re.findall(r'massnahmen/([A-D]-M\d\d)/"', response.content.decode()) == ["A-M09"]

    response = client.get(strategy_url(suche="gibt+es+bestimmt+nicht"))
    assert "0 von 34 Maßnahmen passen zu den Filtern." in text_of(response)
    assert "Keine Maßnahme passt zu den Filtern." in text_of(response)


def test_an_unknown_filter_value_is_reported_not_a_crash(client, lippe):
    response = client.get(strategy_url(feld="Z", ziel="<script>"))
    assert response.status_code == 200
    text = text_of(response)
    assert "Diesen Filter gibt es nicht; er wird nicht angewendet." in text
    assert "34 Maßnahmen" in text
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_the_measure_page_tells_everything_about_a_measure(client, lippe):
    url = reverse("strategies:measure_detail", kwargs={"slug": SLUG, "key": "B-M04"})
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    measure = lippe.measures.get(key="B-M04")
    assert html.count("<h1") == 1
    assert measure.title in text
    assert measure.summary in text
    for heading in [
        "Worum es geht",
        "Nutzen",
        "Steckbrief",
        "Voraussetzungen und Abhängigkeiten",
        "Kennzahlen",
        "Meilensteine",
    ]:
        assert heading in text
    assert "Selbstcheck B4 „Informationssicherheit“ mindestens Stufe 1:" in text
    assert "Baut auf" in text
    assert "A-M05" in text
    assert "Ist Grundlage für" in text
    assert "B-M05" in text
    assert "<caption" in html
    assert 'scope="col"' in html
    assert 'scope="row"' in html
    assert "bei Übernahme erheben" in text  # no invented baseline
    assert "nach 6 Monaten" in text
    assert "10.000–50.000 €" in text


def test_the_measure_page_shows_who_does_it(client, lippe):
    response = client.get(
        reverse("strategies:measure_detail", kwargs={"slug": SLUG, "key": "A-M01"})
    )
    text = text_of(response)
    assert "Wer setzt die Maßnahme um?" in text
    assert "Detmold" in text
    assert "Lemgo" in text
    assert "<svg" in response.content.decode()


def test_unknown_strategy_or_measure_is_a_404(client, lippe):
    assert client.get("/strategien/gibt-es-nicht/").status_code == 404
    missing = reverse("strategies:measure_detail", kwargs={"slug": SLUG, "key": "Z-M99"})
    assert client.get(missing).status_code == 404
    assert client.get(f"/strategien/{SLUG}/versionen/9/").status_code == 404
    assert client.get(f"/strategien/{SLUG}/werte/kein-uuid/verlauf/").status_code == 404
    assert (
        client.get(
            f"/strategien/{SLUG}/werte/00000000-0000-0000-0000-000000000000/verlauf/"
        ).status_code
        == 404
    )


def test_a_draft_is_hidden_from_visitors(client, world):
    draft = StrategyFactory(network=world["network"], status=StrategyStatus.DRAFT, title="Geheim")
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 403
    assert "Diese Strategie ist ein Entwurf" in text_of(response)
    listing = text_of(client.get(reverse("strategies:strategy_list")))
    assert world["strategy"].title in listing
    assert "Geheim" not in listing
    client.force_login(world["people"]["coordinator"])
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert "Geheim" in text_of(client.get(reverse("strategies:strategy_list")))


def test_the_strategy_list_shows_blueprints_first(client, lippe):
    from blaupause.regions.models import Network

    other = StrategyFactory(
        network=Network.objects.get(slug="digitale-zusammenarbeit-owl"), title="Aaa-Strategie"
    )
    response = client.get(reverse("strategies:strategy_list"))
    text = text_of(response)
    assert text.index(lippe.title) < text.index(other.title)
    assert "4 Handlungsfelder, 34 Maßnahmen" in text


def test_the_strategy_list_comes_in_pages_with_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    from blaupause.strategies.models import FieldOfAction, Strategy
    from blaupause.strategies.views.reading import LIST_PAGE_SIZE

    counted = StrategyFactory(title="Aaa Strategie mit Zählung")  # first by title
    StrategyFactory.create_batch(LIST_PAGE_SIZE + 2)
    deleted = MeasureFactory(strategy=counted, title="Gelöschte Maßnahme")
    MeasureFactory(strategy=counted)
    deleted.deleted_at = deleted.updated_at
    deleted.save()
    fields = FieldOfAction.objects.filter(strategy=counted).count()

    with django_assert_max_num_queries(4):  # no session: the count, the ids, the page
        first = text_of(client.get(reverse("strategies:strategy_list")))
    listed = re.compile(r"Rahmenstrategie \d+|Aaa Strategie")
    assert len(listed.findall(first)) == LIST_PAGE_SIZE
    assert "Seite 2" in first
    # The deleted measure does not count.
    assert f"{fields} Handlungsfelder, 1 Maßnahme " in first
    second = text_of(client.get(reverse("strategies:strategy_list") + "?seite=2"))
    assert len(listed.findall(second)) == Strategy.objects.count() - LIST_PAGE_SIZE


# --- versions ----------------------------------------------------------------------------------


def test_versions_and_their_comparison(client, world, coordinator):
    strategy = world["strategy"]
    services.strategy_publish(actor=coordinator, strategy=strategy, note="Start")
    services.item_update(
        actor=coordinator,
        item=world["measure"],
        values={"summary": "Ein Portal für alle Kommunen im Kreis."},
        expected_version=world["measure"].version,
    )
    services.strategy_publish(actor=coordinator, strategy=strategy, note="Portal präzisiert")

    listing = client.get(reverse("strategies:version_list", kwargs={"slug": strategy.slug}))
    text = text_of(listing)
    assert "Version 2" in text
    assert "Portal präzisiert" in text
    assert "Version 1 mit 2 vergleichen" in text

    version = client.get(
        reverse("strategies:version_detail", kwargs={"slug": strategy.slug, "number": 1})
    )
    assert "Sie lesen eine frühere, veröffentlichte Fassung." in text_of(version)
    assert "Kurz gesagt: gemeinsam besser." in text_of(version)

    compare_url = reverse("strategies:version_compare", kwargs={"slug": strategy.slug})
    response = client.get(compare_url, {"von": 1, "zu": 2})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Version 1 und 2 im Vergleich" in text_of(response)
    assert "Maßnahmen : 1 geändert" in text_of(response)
    assert "A-M01 Gemeinsames Serviceportal" in text_of(response)
    assert '<span class="kern-sr-only">eingefügt: </span>' in html
    assert '<span class="kern-sr-only">entfernt: </span>' in html
    # Without parameters: the two latest.
    assert "Version 1 und 2 im Vergleich" in text_of(client.get(compare_url))


@pytest.mark.parametrize(
    "params",
    [{"von": 1, "zu": 1}, {"von": 1, "zu": 7}, {"von": "eins", "zu": 2}, {"von": 1}],
)
def test_a_bad_comparison_request_gets_a_german_message(client, world, coordinator, params):
    strategy = world["strategy"]
    services.strategy_publish(actor=coordinator, strategy=strategy)
    services.item_update(
        actor=coordinator,
        item=world["measure"],
        values={"title": "Anders"},
        expected_version=world["measure"].version,
    )
    services.strategy_publish(actor=coordinator, strategy=strategy)
    response = client.get(
        reverse("strategies:version_compare", kwargs={"slug": strategy.slug}), params
    )
    assert response.status_code == 400
    text = text_of(response)
    assert (
        "Bitte wählen Sie zwei verschiedene Versionen." in text
        or "Diese Version gibt es nicht." in text
        or "Bitte wählen Sie eine Version." in text
    )
    assert "im Vergleich" not in text


def test_item_history_is_public_for_published_strategies(client, world, coordinator):
    measure = world["measure"]
    services.item_update(
        actor=coordinator,
        item=measure,
        values={"title": "Serviceportal Plus"},
        expected_version=measure.version,
    )
    url = reverse(
        "strategies:item_history",
        kwargs={"slug": world["strategy"].slug, "kind": "massnahmen", "uuid": measure.uuid},
    )
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Serviceportal Plus" in html
    assert '<span class="kern-sr-only">eingefügt: </span>Plus</ins>' in html
    assert "Diese Fassung wiederherstellen" not in html  # visitors cannot restore


def test_indicators_and_milestones_show_on_the_measure_page(client, world):
    IndicatorFactory(measure=world["measure"], name="Angebundene Dienste", baseline=3, target=20)
    MilestoneFactory(measure=world["measure"], title="Portal online", months_after_start=1)
    MeasureFactory(field=world["field"], key="A-M02", depends_on=[world["measure"]])
    response = client.get(world["measure"].get_absolute_url())
    text = text_of(response)
    assert "Angebundene Dienste" in text
    assert "20" in text
    assert "nach 1 Monat Portal online" in text
    assert "Ist Grundlage für A-M02" in text
