"""The overview of the datasets and their metadata: for the page, the files and the catalogue.

The catalogue follows DCAT-AP.de: a `dcat:Catalog` with one `dcat:Dataset` per dataset and a
`dcat:Distribution` per file format. Vocabulary URIs are identifiers; nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .datasets import Dataset, dataset_list, site_license
from .writers import FORMATS, iso_datetime

__all__ = ["DatasetInfo", "catalogue_document", "dataset_overview", "file_meta", "publisher"]

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
LANGUAGE_DE = "http://publications.europa.eu/resource/authority/language/DEU"


@dataclass
class DatasetInfo:
    dataset: Dataset
    count: int
    modified: datetime | None


def dataset_overview() -> list[DatasetInfo]:
    """Every dataset with its row count and last change (a fixed number of queries)."""
    return [DatasetInfo(dataset, *dataset.stats()) for dataset in dataset_list()]


def publisher() -> str:
    return str(getattr(settings, "BLAUPAUSE_OPERATOR", "") or "Blaupause")


def column_docs(dataset: Dataset) -> list[dict]:
    return [
        {
            "key": column.key,
            "type": column.type,
            "description": str(column.description),
            "description_en": column.description_en,
        }
        for column in dataset.columns
    ]


def file_meta(info: DatasetInfo, *, source: str) -> dict:
    """The `meta` object of a JSON file and the rows of the XLSX sheet "Metadaten"."""
    dataset, licence = info.dataset, info.dataset.license
    return {
        "key": dataset.key,
        "title": str(dataset.title),
        "title_en": dataset.title_en,
        "description": str(dataset.description),
        "description_en": dataset.description_en,
        "publisher": publisher(),
        "source": source,
        "license": {
            "key": licence.key,
            "title": licence.title,
            "uri": licence.uri,
            "url": licence.url,
        },
        "attribution": attribution(),
        "modified": iso_datetime(info.modified) if info.modified else None,
        "rows": info.count,
        "generated": iso_datetime(timezone.now()),
    }


def meta_rows(meta: dict) -> list[tuple[str, str]]:
    licence = meta["license"]
    return [
        (_("Titel"), meta["title"]),
        (_("Beschreibung"), meta["description"]),
        (_("Herausgeber"), meta["publisher"]),
        (_("Quelle"), meta["source"]),
        (_("Lizenz"), f"{licence['title']} ({licence['url']})"),
        (_("Namensnennung"), meta["attribution"]),
        (_("Letzte Änderung"), meta["modified"] or ""),
        (_("Zeilen"), str(meta["rows"])),
        (_("Erstellt"), meta["generated"]),
    ]


def attribution() -> str:
    site = str(getattr(settings, "BLAUPAUSE_SITE_NAME", "Blaupause"))
    return f"{publisher()}, {site}"


def _text(german: str, english: str) -> list[dict]:
    return [{"@value": german, "@language": "de"}, {"@value": english, "@language": "en"}]


def _when(moment: datetime | None) -> dict | None:
    return {"@value": iso_datetime(moment), "@type": "xsd:dateTime"} if moment else None


def catalogue_document(
    *, overview: list[DatasetInfo], absolute: Callable[[str], str], page_url: str, self_url: str
) -> dict:
    """The DCAT-AP.de catalogue as a JSON-LD document; `absolute(key, fmt)` gives a file URL."""
    agent = {"@type": "foaf:Agent", "foaf:name": publisher()}
    contributor = getattr(settings, "BLAUPAUSE_OPEN_DATA_CONTRIBUTOR_ID", "")
    datasets = []
    for info in overview:
        dataset, licence = info.dataset, info.dataset.license
        distributions = []
        for fmt, (media_type, label, format_uri) in FORMATS.items():
            url = absolute(dataset.key, fmt)
            distribution = {
                "@id": url,
                "@type": "dcat:Distribution",
                "dct:title": f"{dataset.title} ({label})",
                "dcat:accessURL": {"@id": page_url},
                "dcat:downloadURL": {"@id": url},
                "dct:format": {"@id": format_uri},
                "dcat:mediaType": {"@id": MEDIA_TYPE + media_type.split(";")[0]},
                "dct:license": {"@id": licence.uri},
            }
            if info.modified:
                distribution["dct:modified"] = _when(info.modified)
            distributions.append(distribution)
        entry = {
            "@id": f"{page_url}#{dataset.key}",
            "@type": "dcat:Dataset",
            "dct:identifier": dataset.key,
            "dct:title": _text(str(dataset.title), dataset.title_en),
            "dct:description": _text(str(dataset.description), dataset.description_en),
            "dct:publisher": agent,
            "dct:license": {"@id": licence.uri},
            "dct:language": {"@id": LANGUAGE_DE},
            "dcat:landingPage": {"@id": f"{page_url}#{dataset.key}"},
            "dcat:keyword": list(dataset.keywords),
            "dcatde:licenseAttributionByText": attribution(),
            "dcatde:politicalGeocodingLevelURI": {"@id": dataset.geocoding_level_uri},
            "dcat:distribution": distributions,
        }
        if info.modified:
            entry["dct:modified"] = _when(info.modified)
        if contributor:
            entry["dcatde:contributorID"] = {"@id": contributor}
        datasets.append(entry)
    licence = site_license()
    return {
        "@context": CONTEXT,
        "@id": self_url,
        "@type": "dcat:Catalog",
        "dct:title": _text(_("Offene Daten der Blaupause"), "Open data of Blaupause"),
        "dct:description": _text(
            _(
                "Öffentliche Daten zu Kommunen, Netzwerken, Strategien, Maßnahmen und "
                "Beteiligungen."
            ),
            "Public data on municipalities, networks, strategies, measures and commitments.",
        ),
        "dct:publisher": agent,
        "dct:license": {"@id": licence.uri},
        "dct:language": {"@id": LANGUAGE_DE},
        "foaf:homepage": {"@id": page_url},
        "dcat:dataset": datasets,
    }
