"""The "Offene Daten" page, the DCAT-AP.de catalogue, the footer link and the download limit."""

import json

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from blaupause.opendata.datasets import dataset_list
from tests.factories.commitments import CommitmentFactory, MeasureFactory
from tests.factories.regions import MunicipalityFactory

pytestmark = pytest.mark.django_db

PAGE = "/offene-daten/"


def test_page_names_every_dataset_with_count_licence_downloads_and_columns(client, world):
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for dataset in dataset_list():
        assert f'id="{dataset.key}"' in html
        assert str(dataset.title) in html
        for fmt in ("csv", "xlsx", "json"):
            assert f'href="/offene-daten/{dataset.key}.{fmt}"' in html
        for column in dataset.columns:
            assert f"<code>{column.key}</code>" in html
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in html
    assert 'href="/offene-daten/katalog.jsonld"' in html
    assert "Bitte nennen Sie als Quelle: DigitalBüro OWL, Blaupause." in html
    counts = {info.dataset.key: info.count for info in response.context["datasets"]}
    assert counts["beteiligungen"] == 1  # only the public commitment of the public strategy
    assert counts["strategien"] == 1
    assert "<caption" in html
    assert 'scope="col"' in html
    assert "style=" not in html
    assert "<script>" not in html


def test_footer_links_to_the_open_data_page(client, world):
    html = client.get(reverse("regions:network_list")).content.decode()
    assert f'href="{PAGE}"' in html
    assert ">Offene Daten</a>" in html


def test_page_query_count_does_not_grow_with_rows(client, world):
    def count_queries():
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PAGE).status_code == 200
        return len(captured)

    before = count_queries()
    strategy = world["strategy"]
    for _ in range(5):
        municipality = MunicipalityFactory(district=world["municipality"].district)
        world["network"].municipalities.add(municipality)
        CommitmentFactory(municipality=municipality, measure=MeasureFactory(strategy=strategy))
    assert count_queries() == before


def test_page_query_count_is_fixed(client, checks, django_assert_num_queries):
    ContentType.objects.clear_cache()
    # one aggregate per dataset (7); benchmarks: the data fingerprint, answers, criteria,
    # regions, districts, networks, memberships, last submission (8)
    with django_assert_num_queries(9 + 8):
        assert client.get(PAGE).status_code == 200
    # The benchmark rows are computed once per state of the data.
    with django_assert_num_queries(9 + 2):
        assert client.get(PAGE).status_code == 200


def test_catalogue_is_json_ld_with_every_dataset_and_distribution(client, world):
    response = client.get(reverse("opendata:catalogue"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(response.content)
    assert document["@type"] == "dcat:Catalog"
    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    entries = {entry["dct:identifier"]: entry for entry in document["dcat:dataset"]}
    assert set(entries) == {dataset.key for dataset in dataset_list()}
    for key, entry in entries.items():
        assert entry["@type"] == "dcat:Dataset"
        assert entry["dct:license"] == {"@id": "http://dcat-ap.de/def/licenses/dl-by-de/2.0"}
        assert entry["dct:publisher"]["foaf:name"]
        assert {"@value": entry["dct:title"][0]["@value"], "@language": "de"} in entry["dct:title"]
        downloads = {d["dcat:downloadURL"]["@id"] for d in entry["dcat:distribution"]}
        assert downloads == {
            f"http://testserver/offene-daten/{key}.{fmt}" for fmt in ("csv", "xlsx", "json")
        }
        for distribution in entry["dcat:distribution"]:
            assert distribution["@type"] == "dcat:Distribution"
            assert distribution["dcat:accessURL"] == {"@id": "http://testserver/offene-daten/"}
            assert distribution["dct:format"]["@id"].startswith(
                "http://publications.europa.eu/resource/authority/file-type/"
            )
            assert distribution["dcat:mediaType"]["@id"].startswith(
                "https://www.iana.org/assignments/media-types/"
            )
    assert entries["beteiligungen"]["dct:modified"]["@type"] == "xsd:dateTime"


def test_catalogue_names_the_cc_by_licence_when_configured(client, world, settings):
    settings.BLAUPAUSE_OPEN_DATA_LICENSE = "cc-by-4.0"
    document = json.loads(client.get(reverse("opendata:catalogue")).content)
    assert document["dct:license"] == {"@id": "http://dcat-ap.de/def/licenses/cc-by/4.0"}
    assert "Creative Commons" in client.get(PAGE).content.decode()


def test_too_many_downloads_answer_429_in_german(client, world, settings):
    settings.BLAUPAUSE_OPEN_DATA_RATE = "3/m"
    url = reverse("opendata:download", kwargs={"key": "kreise", "fmt": "csv"})
    for _ in range(3):
        assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    html = response.content.decode()
    assert "Zu viele Downloads" in html
    # another address is not affected; the page itself is not limited
    assert client.get(url, REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get(PAGE).status_code == 200
