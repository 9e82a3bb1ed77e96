"""The public pages as an anonymous visitor sees them."""

import re

from django.urls import reverse

import pytest

from blaupause.regions.models import Municipality

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")
POPULATION_NOTE = "Einwohnerzahlen: Statistische Ämter des Bundes und der Länder, Zensus 2022"
MAP_NOTE = "Kartengrundlage: © GeoBasis-DE / BKG (Daten verändert, dl-de/by-2-0)"


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    html = response.content.decode()
    assert html.count("<h1") == 1, "exactly one main heading"
    assert ' style="' not in html
    assert not INLINE_SCRIPT.search(html)
    return response, html


def test_start_page_explains_blaupause_and_shows_the_region(client, owl_networks):
    _, html = page(client, reverse("regions:home"))
    assert "Digitalisierung gemeinsam gestalten" in html
    assert "Blaupause ist eine offene Plattform" in html
    assert "Ostwestfalen-Lippe in Zahlen" in html
    assert '<dd class="bp-stat">70</dd>' in html
    assert '<dd class="bp-stat">7</dd>' in html
    assert '<dd class="bp-stat">2.062.686</dd>' in html
    assert '<dd class="bp-stat">3</dd>' in html
    # The map: one link per municipality, named after it; the table alternative of the districts.
    assert html.count('<a href="/kommunen/') == 70
    assert 'aria-label="Detmold (Kreis Lippe)"' in html
    assert '<caption class="kern-title">Kreise und kreisfreie Städte</caption>' in html
    assert re.search(
        r'href="/kreise/kreis-lippe/">Kreis Lippe</a></th>\s*<td[^>]*>16</td>\s*'
        r"<td[^>]*>348.030</td>",
        html,
    )
    assert "Netzwerk der lippischen Digitalisierungsbeauftragten" in html
    assert POPULATION_NOTE in html
    assert MAP_NOTE in html


def test_start_page_without_data_says_what_to_do(client, db):
    _, html = page(client, reverse("regions:home"))
    assert "Noch keine Region angelegt" in html


def test_region_page_has_the_same_overview(client, owl):
    _, html = page(client, reverse("regions:region_detail", kwargs={"slug": "owl"}))
    assert '<h1 class="kern-heading-x-large">Ostwestfalen-Lippe</h1>' in html
    assert "DigitalBüro OWL" in html
    assert html.count('<a href="/kommunen/') == 70


def test_district_page_lists_its_municipalities_with_map_and_networks(client, owl_networks):
    _, html = page(client, reverse("regions:district_detail", kwargs={"slug": "kreis-lippe"}))
    assert '<h1 class="kern-heading-x-large">Kreis Lippe</h1>' in html
    assert "16 Kommunen" in html
    assert "348.030 Einwohnerinnen und Einwohner" in html
    assert re.search(
        r'href="/kommunen/05766020/">Detmold</a></th>\s*<td[^>]*>Stadt</td>\s*'
        r"<td[^>]*>74.486</td>\s*<td[^>]*>50.000 bis unter 100.000</td>",
        html,
    )
    assert html.count('<a href="/kommunen/0576') == 16  # the map links
    assert "16 von 16 Mitgliedern aus diesem Kreis" in html
    assert "16 von 70 Mitgliedern aus diesem Kreis" in html
    assert MAP_NOTE in html


def test_municipality_page_shows_population_with_date_and_source_and_a_map(client, owl_networks):
    _, html = page(client, reverse("regions:municipality_detail", kwargs={"ags": "05766020"}))
    assert '<h1 class="kern-heading-x-large">Detmold</h1>' in html
    assert "74.486" in html
    assert "Stichtag 15. Mai 2022" in html
    assert "Quelle: population: Zensus 2022" in html
    assert "50.000 bis unter 100.000" in html
    assert 'href="/kreise/kreis-lippe/">Kreis Lippe</a>' in html
    assert "Netzwerk der lippischen Digitalisierungsbeauftragten</a>" in html
    assert "(16 Mitglieder)" in html
    assert "(70 Mitglieder)" in html
    assert 'role="img"' in html
    assert "Lage von Detmold in Kreis Lippe</title>" in html
    assert html.count("bp-map__area--highlight") == 1
    assert html.count("bp-map__area--context") == 15
    assert "Die Kommune hat ihr Profil noch nicht ausgefüllt." in html
    assert "/bearbeiten/" not in html  # no edit button for visitors
    assert POPULATION_NOTE in html
    assert MAP_NOTE in html


def test_municipality_profile_is_shown_safely(client, detmold):
    Municipality.objects.filter(pk=detmold.pk).update(
        website="https://www.detmold.de",
        contact_name="Sandra Beispiel",
        contact_email="digital@detmold.example",
        description="Wir sind **Smart City**. <script>alert(1)</script>",
    )
    _, html = page(client, detmold.get_absolute_url())
    assert "<strong>Smart City</strong>" in html
    assert "alert(1)" not in html.replace("&lt;script&gt;", "")  # escaped or removed, never run
    assert 'href="https://www.detmold.de"' in html
    assert 'href="mailto:digital@detmold.example"' in html


def test_municipality_without_boundary_has_no_map(client, owl):
    Municipality.objects.filter(ags="05766020").update(geometry=None)
    _, html = page(client, reverse("regions:municipality_detail", kwargs={"ags": "05766020"}))
    assert "<svg" not in html
    assert "Für diese Kommune ist keine Gemeindegrenze hinterlegt." in html
    assert MAP_NOTE not in html
    assert POPULATION_NOTE in html


@pytest.mark.parametrize(
    "url",
    [
        "/kommunen/99999999/",
        "/kommunen/nicht-da/",
        "/kommunen/99999999/bearbeiten/",
        "/kreise/gibt-es-nicht/",
        "/regionen/gibt-es-nicht/",
        "/netzwerke/gibt-es-nicht/",
        "/netzwerke/gibt-es-nicht/bearbeiten/",
    ],
)
def test_unknown_objects_give_404(client, owl, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "<h1" in response.content.decode()


def test_deleted_municipality_is_gone_from_pages(client, detmold):
    Municipality.all_objects.filter(pk=detmold.pk).update(deleted_at="2026-01-01T00:00:00Z")
    assert client.get(detmold.get_absolute_url()).status_code == 404
    _, html = page(client, reverse("regions:district_detail", kwargs={"slug": "kreis-lippe"}))
    assert "15 Kommunen" in html


def test_network_pages(client, owl_networks):
    _, html = page(client, reverse("regions:network_list"))
    assert re.search(
        r'href="/netzwerke/lippe/">Netzwerk der lippischen Digitalisierungsbeauftragten'
        r"</a></th>\s*<td[^>]*>Kreis Lippe</td>",
        html,
    )
    assert "DigitalBüro OWL (OstWestfalenLippe GmbH)" in html

    _, html = page(client, reverse("regions:network_detail", kwargs={"slug": "lippe"}))
    assert "Netzwerk der lippischen Digitalisierungsbeauftragten</h1>" in html
    assert "16 Kommunen · 348.030 Einwohnerinnen und Einwohner" in html
    assert "<strong>„Lippe lebt Digitalisierung“</strong>" in html
    assert "Bestes Kooperationsprojekt" in html
    assert 'href="https://citylife-hi.de/' in html
    # Members are highlighted links on the map, the other OWL municipalities grey context.
    assert html.count("bp-map__area--highlight") == 16
    assert html.count("bp-map__area--context") == 54
    assert html.count('<a href="/kommunen/') == 16
    assert MAP_NOTE in html


class TestMunicipalityList:
    url = reverse("regions:municipality_list")

    def rows(self, html):
        return re.findall(
            r'<th scope="row"[^>]*><a class="kern-link" href="/kommunen/(\d{8})/"', html
        )

    def test_all_municipalities_paginated(self, client, owl):
        _, html = page(client, self.url)
        assert "70 Kommunen gefunden · Seite 1 von 2" in html
        assert len(self.rows(html)) == 50
        assert POPULATION_NOTE in html
        _, html = page(client, self.url + "?seite=2")
        assert len(self.rows(html)) == 20
        _, html = page(client, self.url + "?seite=kaputt")
        assert len(self.rows(html)) == 50

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("q=detm", {"05766020"}),
            ("q=DETMOLD", {"05766020"}),
            ("q=lügde", {"05766052"}),
            ("q=0576602", {"05766020", "05766024", "05766028"}),
            ("district=bielefeld", {"05711000"}),
            ("size=gte100k", {"05711000", "05774032"}),  # Bielefeld, Paderborn
            ("district=kreis-lippe&size=50k-100k", {"05766008", "05766020"}),
            (
                "district=kreis-lippe&kind=Gemeinde&q=t",
                {"05766004", "05766024", "05766028", "05766036"},
            ),
        ],
    )
    def test_search_and_filters_live_in_the_url(self, client, owl, query, expected):
        _, html = page(client, f"{self.url}?{query}")
        assert set(self.rows(html)) == expected
        assert "Alle Filter zurücksetzen" in html

    def test_filters_stay_in_the_pagination_links(self, client, owl):
        _, html = page(client, self.url + "?kind=Stadt")
        assert "51 Kommunen gefunden · Seite 1 von 2" in html
        assert 'href="?kind=Stadt&amp;seite=2"' in html

    def test_district_filter_keeps_its_choice_and_labels(self, client, owl):
        _, html = page(client, self.url + "?district=kreis-lippe")
        assert '<option value="kreis-lippe" selected>Kreis Lippe</option>' in html
        assert '<option value="">alle Kreise</option>' in html
        assert '<label class="kern-label" for="id_district">Kreis</label>' in html

    def test_nothing_found_is_said_plainly(self, client, owl):
        _, html = page(client, self.url + "?q=Atlantis")
        assert "0 Kommunen gefunden" in html
        assert "Keine Kommune passt zu Ihrer Suche." in html

    def test_broken_filter_value_shows_an_error_and_keeps_the_rest(self, client, owl):
        response, html = page(client, self.url + "?district=kreis-lippe&kind=Burg")
        assert "Bitte eine gültige Auswahl treffen. Burg ist keine gültige Auswahl." in html
        assert len(self.rows(html)) == 16
        assert response.context["form"]["district"].value() == "kreis-lippe"
