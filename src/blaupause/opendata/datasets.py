"""The registry of open datasets: what each file holds, column by column, and where rows come from.

Adding a dataset is one `register(Dataset(...))` call with its columns and two selector
functions (`rows` yields tuples in column order; `stats` answers row count and last change).
The page, the three file formats, the catalogue and `docs/open-data.md` follow from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import selectors

__all__ = [
    "LICENSES",
    "Column",
    "Dataset",
    "License",
    "dataset_get",
    "dataset_list",
    "register",
    "site_license",
]

#: Column types; how each is written in CSV/XLSX/JSON is documented in `docs/open-data.md`.
TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "list")

#: Identifiers of the political geocoding levels of DCAT-AP.de (vocabulary URIs, not fetched).
GEOCODING_LEVEL = "http://dcat-ap.de/def/politicalGeocodingLevel/"


@dataclass(frozen=True)
class License:
    key: str
    title: str
    uri: str  # the DCAT-AP.de licence identifier
    url: str  # the licence text for people


LICENSES = {
    "dl-de/by-2-0": License(
        key="dl-de/by-2-0",
        title="Datenlizenz Deutschland – Namensnennung – Version 2.0",
        uri="http://dcat-ap.de/def/licenses/dl-by-de/2.0",
        url="https://www.govdata.de/dl-de/by-2-0",
    ),
    "cc-by-4.0": License(
        key="cc-by-4.0",
        title="Creative Commons Namensnennung 4.0 International (CC BY 4.0)",
        uri="http://dcat-ap.de/def/licenses/cc-by/4.0",
        url="https://creativecommons.org/licenses/by/4.0/deed.de",
    ),
}
DEFAULT_LICENSE = "dl-de/by-2-0"


def site_license() -> License:
    """The licence the operator chose (`BLAUPAUSE_OPEN_DATA_LICENSE`); unknown keys fall back."""
    key = getattr(settings, "BLAUPAUSE_OPEN_DATA_LICENSE", DEFAULT_LICENSE)
    return LICENSES.get(str(key).strip().lower(), LICENSES[DEFAULT_LICENSE])


@dataclass(frozen=True)
class Column:
    key: str
    type: str
    description: Promise | str  # German (translated on display)
    description_en: str

    def __post_init__(self):
        if self.type not in TYPES:  # a typo in the registry fails at import, not in a download
            raise ValueError(f"unknown column type {self.type!r}")


@dataclass(frozen=True)
class Dataset:
    key: str
    title: Promise | str
    title_en: str
    description: Promise | str
    description_en: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterable[tuple]]
    stats: Callable[[], tuple[int, datetime | None]]
    keywords: tuple[str, ...] = ()
    #: The area the data covers: one region (a Regierungsbezirk) by default.
    geocoding_level: str = "administrativeDistrict"
    license_key: str | None = None  # None: the site's licence
    extra: dict = field(default_factory=dict)

    @property
    def license(self) -> License:
        return LICENSES[self.license_key] if self.license_key else site_license()

    @property
    def column_keys(self) -> list[str]:
        return [column.key for column in self.columns]

    @property
    def geocoding_level_uri(self) -> str:
        return GEOCODING_LEVEL + self.geocoding_level


_REGISTRY: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    if dataset.key in _REGISTRY:
        raise ValueError(f"dataset {dataset.key!r} is registered twice")
    _REGISTRY[dataset.key] = dataset
    return dataset


def dataset_list() -> list[Dataset]:
    """Every dataset in registration order."""
    return list(_REGISTRY.values())


def dataset_get(key: str) -> Dataset:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise Http404(gettext("Diesen Datensatz gibt es nicht.")) from None


def _c(key: str, type_: str, description: Promise, description_en: str) -> Column:
    return Column(key=key, type=type_, description=description, description_en=description_en)


_UPDATED = _c(
    "updated_at",
    "datetime",
    _("Letzte Änderung des Datensatzes (UTC, ISO 8601)"),
    "Last change of the record (UTC, ISO 8601)",
)

register(
    Dataset(
        key="kommunen",
        title=_("Kommunen"),
        title_en="Municipalities",
        description=_(
            "Alle Gemeinden und Städte mit Amtlichem Gemeindeschlüssel, Kreis, Einwohnerzahl "
            "und Quelle der Einwohnerzahl."
        ),
        description_en=(
            "All municipalities with their official municipality key, district, population "
            "and the source of the population figure."
        ),
        columns=(
            _c("ags", "string", _("Amtlicher Gemeindeschlüssel (8 Ziffern)"), "Official key"),
            _c("name", "string", _("Name der Kommune"), "Name"),
            _c("kind", "string", _("Art (Stadt, Gemeinde …)"), "Kind (town, municipality …)"),
            _c("district_ags", "string", _("Kreisschlüssel (5 Ziffern)"), "District key"),
            _c("district_name", "string", _("Name des Kreises"), "District name"),
            _c("population", "integer", _("Einwohnerzahl"), "Population"),
            _c("population_date", "date", _("Stichtag der Einwohnerzahl"), "Population date"),
            _c("population_source", "string", _("Quelle der Einwohnerzahl"), "Population source"),
            _c(
                "size_class",
                "string",
                _("Größenklasse: lt10k, 10k-20k, 20k-50k, 50k-100k, gte100k"),
                "Size class: lt10k, 10k-20k, 20k-50k, 50k-100k, gte100k",
            ),
            _c("website", "string", _("Website der Kommune"), "Website"),
            _UPDATED,
        ),
        rows=selectors.municipality_rows,
        stats=selectors.municipality_stats,
        keywords=("Kommunen", "Gemeinden", "AGS", "Einwohner"),
    )
)

register(
    Dataset(
        key="kreise",
        title=_("Kreise und kreisfreie Städte"),
        title_en="Districts",
        description=_("Kreise und kreisfreie Städte mit Region und Zahl ihrer Kommunen."),
        description_en="Districts and district-free cities with region and municipality count.",
        columns=(
            _c("ags", "string", _("Kreisschlüssel (5 Ziffern)"), "District key"),
            _c("name", "string", _("Name"), "Name"),
            _c("kind", "string", _("Art: kreis oder kreisfreie_stadt"), "Kind"),
            _c("region", "string", _("Kurzname der Region"), "Region slug"),
            _c("region_name", "string", _("Name der Region"), "Region name"),
            _c("municipality_count", "integer", _("Zahl der Kommunen"), "Number of municipalities"),
            _UPDATED,
        ),
        rows=selectors.district_rows,
        stats=selectors.district_stats,
        keywords=("Kreise", "Regionen"),
    )
)

register(
    Dataset(
        key="netzwerke",
        title=_("Netzwerke"),
        title_en="Networks",
        description=_("Netzwerke, in denen Kommunen zusammenarbeiten, mit ihren Mitgliedern."),
        description_en="Networks in which municipalities cooperate, with their members.",
        columns=(
            _c("slug", "string", _("Kurzname des Netzwerks"), "Network slug"),
            _c("name", "string", _("Name"), "Name"),
            _c("short_name", "string", _("Kurzform"), "Short name"),
            _c("founded", "integer", _("Gründungsjahr"), "Year founded"),
            _c("coordinating_body", "string", _("Koordinierende Stelle"), "Coordinating body"),
            _c("region", "string", _("Kurzname der Region"), "Region slug"),
            _c("district_ags", "string", _("Kreisschlüssel des Kreises"), "District key"),
            _c("member_count", "integer", _("Zahl der Mitglieder"), "Number of members"),
            _c("members", "list", _("AGS der Mitglieder"), "Official keys of the members"),
            _UPDATED,
        ),
        rows=selectors.network_rows,
        stats=selectors.network_stats,
        keywords=("Netzwerke", "Interkommunale Zusammenarbeit"),
    )
)

register(
    Dataset(
        key="strategien",
        title=_("Strategien"),
        title_en="Strategies",
        description=_(
            "Veröffentlichte Digitalisierungsstrategien von Netzwerken und Kommunen (ohne "
            "Entwürfe), mit Status, Beschluss und Zahl der Maßnahmen."
        ),
        description_en=(
            "Published digitalisation strategies of networks and municipalities (no drafts), "
            "with status, adoption and number of measures."
        ),
        columns=(
            _c("slug", "string", _("Kurzname der Strategie"), "Strategy slug"),
            _c("title", "string", _("Titel"), "Title"),
            _c("slogan", "string", _("Leitsatz"), "Slogan"),
            _c(
                "status",
                "string",
                _("Status: consultation, adopted oder review"),
                "Status: consultation, adopted or review",
            ),
            _c("is_blueprint", "boolean", _("Als Blaupause freigegeben"), "Offered as blueprint"),
            _c("owner_kind", "string", _("Träger: network oder municipality"), "Owner kind"),
            _c("owner_key", "string", _("Kurzname des Netzwerks oder AGS"), "Owner slug or key"),
            _c("owner_name", "string", _("Name des Trägers"), "Owner name"),
            _c("builds_on", "string", _("Kurzname der Strategie, auf der sie aufbaut"), "Basis"),
            _c("adopted_body", "string", _("Beschlossen durch"), "Adopted by"),
            _c("adopted_on", "date", _("Beschlossen am"), "Adopted on"),
            _c("adopted_reference", "string", _("Link zum Beschluss"), "Link to the resolution"),
            _c("version", "integer", _("Nummer der neuesten Fassung"), "Latest version number"),
            _c("field_count", "integer", _("Zahl der Handlungsfelder"), "Fields of action"),
            _c("measure_count", "integer", _("Zahl der Maßnahmen"), "Number of measures"),
            _UPDATED,
        ),
        rows=selectors.strategy_rows,
        stats=selectors.strategy_stats,
        keywords=("Digitalisierungsstrategie", "Strategien"),
    )
)

register(
    Dataset(
        key="massnahmen",
        title=_("Maßnahmen"),
        title_en="Measures",
        description=_(
            "Alle Maßnahmen der veröffentlichten Strategien mit Handlungsfeld, Aufwand, "
            "Kostenrahmen und Zeitraum."
        ),
        description_en=(
            "All measures of the published strategies with field of action, effort, cost band "
            "and time frame."
        ),
        columns=(
            _c("strategy", "string", _("Kurzname der Strategie"), "Strategy slug"),
            _c("key", "string", _("Kennung der Maßnahme in der Strategie"), "Measure key"),
            _c("uuid", "string", _("Dauerhafte Kennung (UUID)"), "Stable identifier (UUID)"),
            _c("title", "string", _("Titel"), "Title"),
            _c("summary", "string", _("Kurzbeschreibung"), "Summary"),
            _c("field_key", "string", _("Kennung des Handlungsfelds"), "Field of action key"),
            _c("field_title", "string", _("Handlungsfeld"), "Field of action"),
            _c("effort", "string", _("Aufwand: niedrig, mittel, hoch"), "Effort: low/medium/high"),
            _c("cost_band", "string", _("Kostenrahmen"), "Cost band"),
            _c("start_year", "integer", _("Beginn (Jahr)"), "Start year"),
            _c("end_year", "integer", _("Ende (Jahr)"), "End year"),
            _c("duration_months", "integer", _("Dauer in Monaten"), "Duration in months"),
            _c("responsible_role", "string", _("Verantwortliche Rolle"), "Responsible role"),
            _c("weight", "number", _("Gewicht in Auswertungen"), "Weight in roll-ups"),
            _c("tags", "list", _("Schlagworte"), "Tags"),
            _UPDATED,
        ),
        rows=selectors.measure_rows,
        stats=selectors.measure_stats,
        keywords=("Maßnahmen", "Digitalisierung"),
    )
)

register(
    Dataset(
        key="beteiligungen",
        title=_("Beteiligungen"),
        title_en="Commitments",
        description=_(
            "Welche Kommune sich an welcher Maßnahme beteiligt, mit Rolle, Status und "
            "Fortschritt. Nur Beteiligungen, die die Kommune öffentlich gemacht hat."
        ),
        description_en=(
            "Which municipality takes part in which measure, with role, status and progress. "
            "Only commitments the municipality made public."
        ),
        columns=(
            _c("uuid", "string", _("Dauerhafte Kennung (UUID)"), "Stable identifier (UUID)"),
            _c("municipality_ags", "string", _("AGS der Kommune"), "Municipality key"),
            _c("municipality_name", "string", _("Name der Kommune"), "Municipality name"),
            _c("strategy", "string", _("Kurzname der Strategie"), "Strategy slug"),
            _c("measure_key", "string", _("Kennung der Maßnahme"), "Measure key"),
            _c("measure_title", "string", _("Titel der Maßnahme"), "Measure title"),
            _c(
                "role",
                "string",
                _("Rolle: lead (federführend), partner (beteiligt), interested (interessiert)"),
                "Role: lead, partner, interested",
            ),
            _c(
                "status",
                "string",
                _(
                    "Status: planned (geplant), in_progress (in Umsetzung), done (umgesetzt), "
                    "paused (pausiert), dropped (verworfen)"
                ),
                "Status: planned, in_progress, done, paused, dropped",
            ),
            _c("progress", "integer", _("Fortschritt in Prozent (0–100)"), "Progress in percent"),
            _c("start_date", "date", _("Beginn"), "Start date"),
            _c("end_date", "date", _("Ende"), "End date"),
            _c("is_demo", "boolean", _("Beispieldaten"), "Demo data"),
            _UPDATED,
        ),
        rows=selectors.commitment_rows,
        stats=selectors.commitment_stats,
        keywords=("Beteiligungen", "Umsetzung", "Fortschritt"),
    )
)

register(
    Dataset(
        key="veranstaltungen",
        title=_("Veranstaltungen"),
        title_en="Events",
        description=_(
            "Öffentliche Veranstaltungen der Netzwerke und Regionen mit Zeit, Format und Ort, "
            "auch abgesagte (mit Status). Ohne Anmeldungen, Namen von Teilnehmenden und Links "
            "zu Videokonferenzen."
        ),
        description_en=(
            "Public events of the networks and regions with time, format and place, cancelled "
            "ones included (with status). No registrations, no participants' names and no "
            "video conference links."
        ),
        columns=(
            _c("uuid", "string", _("Dauerhafte Kennung (UUID)"), "Stable identifier (UUID)"),
            _c("title", "string", _("Titel"), "Title"),
            _c("network", "string", _("Kurzname des Netzwerks (leer: Region)"), "Network slug"),
            _c("region", "string", _("Kurzname der Region (leer: Netzwerk)"), "Region slug"),
            _c("organiser_name", "string", _("Name des Netzwerks oder der Region"), "Organiser"),
            _c(
                "format",
                "string",
                _("Format: digital, in_person (in Präsenz) oder hybrid"),
                "Format: digital, in_person or hybrid",
            ),
            _c(
                "status",
                "string",
                _("Status: scheduled (geplant) oder cancelled (abgesagt)"),
                "Status: scheduled or cancelled",
            ),
            _c("starts_at", "datetime", _("Beginn (UTC, ISO 8601)"), "Start (UTC, ISO 8601)"),
            _c("ends_at", "datetime", _("Ende (UTC, ISO 8601)"), "End (UTC, ISO 8601)"),
            _c("location_name", "string", _("Ort"), "Location"),
            _c("address", "string", _("Adresse"), "Address"),
            _c("url", "string", _("Seite der Veranstaltung"), "Page of the event"),
            _UPDATED,
        ),
        rows=selectors.event_rows,
        stats=selectors.event_stats,
        keywords=("Veranstaltungen", "Termine", "Interkommunale Zusammenarbeit"),
    )
)

register(
    Dataset(
        key="selbstcheck-vergleichswerte",
        title=_("Selbstcheck: Vergleichswerte"),
        title_en="Self-check benchmarks",
        description=_(
            "Zusammengefasste Ergebnisse der abgeschlossenen Selbstchecks je Kriterium und "
            "Gruppe (Region, Kreis, Größenklasse, Netzwerk). Werte erscheinen nur, wenn "
            "genug Kommunen der Gruppe teilgenommen haben; einzelne Antworten nie."
        ),
        description_en=(
            "Aggregated results of submitted self-checks per criterion and group (region, "
            "district, size class, network). Values appear only when enough municipalities of "
            "the group took part; individual answers never."
        ),
        columns=(
            _c("criteria_set", "string", _("Kennung des Kriterienkatalogs"), "Criteria set"),
            _c("criteria_set_version", "integer", _("Fassung des Katalogs"), "Set version"),
            _c("year", "integer", _("Jahr des Selbstchecks"), "Year"),
            _c(
                "group_kind",
                "string",
                _("Gruppe: region, district, size-class oder network"),
                "Group kind: region, district, size-class or network",
            ),
            _c(
                "group_key",
                "string",
                _("Kurzname der Region, Kreisschlüssel, Größenklasse oder Kurzname des Netzwerks"),
                "Region slug, district key, size class or network slug",
            ),
            _c("group_name", "string", _("Name der Gruppe"), "Group name"),
            _c(
                "participants",
                "integer",
                _("Zahl der Kommunen der Gruppe mit abgeschlossenem Selbstcheck"),
                "Municipalities of the group with a submitted self-check",
            ),
            _c("field", "string", _("Kennung des Handlungsfelds"), "Field of action key"),
            _c("criterion", "string", _("Kennung des Kriteriums"), "Criterion code"),
            _c("criterion_title", "string", _("Kriterium"), "Criterion"),
            _c("answers", "integer", _("Zahl der Antworten zum Kriterium"), "Number of answers"),
            _c("median", "number", _("Median des heutigen Stands (0–4)"), "Median today (0–4)"),
            _c("q1", "number", _("Unteres Quartil (0–4)"), "Lower quartile (0–4)"),
            _c("q3", "number", _("Oberes Quartil (0–4)"), "Upper quartile (0–4)"),
            _c("mean_current", "number", _("Mittelwert heute (0–4)"), "Mean today (0–4)"),
            _c(
                "mean_target",
                "number",
                _("Mittelwert des Ziels in 2–3 Jahren (0–4)"),
                "Mean target in 2–3 years (0–4)",
            ),
            _c(
                "reason",
                "string",
                _("Warum Werte fehlen: „zu wenige Teilnehmende“ oder leer"),
                "Why values are missing (German text) or empty",
            ),
            _c("is_demo", "boolean", _("Enthält Beispieldaten"), "Contains demo data"),
        ),
        rows=selectors.benchmark_table_rows,
        stats=selectors.benchmark_stats,
        keywords=("Selbstcheck", "Digitaler Reifegrad", "Vergleichswerte"),
    )
)

# Joint projects and knowledge articles register themselves (import at the end: no cycle).
from . import projects as _projects  # noqa: E402, F401
