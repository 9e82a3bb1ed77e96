"""Reference data and demo content of the region registry. Both functions are idempotent.

`load_reference_data()` loads the region OWL with its 7 districts and 70 municipalities
(names, kinds, population of the Zensus 2022, boundaries) from the files bundled in `data/`.
`load_demo_content()` adds three networks: the real network of the Lippe digitalisation
officers (described in our own words, with sources) and an OWL-wide network that exists only
as demo content, and a demo network of the ten towns of Kreis Höxter (which adopts the Lippe
blueprint in the demo journey). Running either twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from . import services
from .models import Municipality, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
OWL_CSV = DATA_DIR / "owl_municipalities.csv"
OWL_GEOJSON = DATA_DIR / "owl_municipalities.geojson"
DE_CSV = DATA_DIR / "de_municipalities.csv"
LIPPE_DISTRICT_AGS = "05766"

LIPPE_NETWORK = {
    "slug": "lippe",
    "name": "Netzwerk der lippischen Digitalisierungsbeauftragten",
    "short_name": "Netzwerk Lippe",
    "founded": 2019,
    "coordinating_body": (
        "Gemeinsam getragen von den Digitalisierungsbeauftragten der 16 lippischen Kommunen "
        "und des Kreises Lippe"
    ),
    "description": """\
Die CDOs und Digitalisierungsbeauftragten aller 16 Städte und Gemeinden im Kreis Lippe \
arbeiten zusammen mit der Kreisverwaltung an der Digitalisierung ihrer Verwaltungen. \
Sie tauschen sich regelmäßig online über laufende Projekte aus, treffen sich zu Workshops \
und teilen Arbeitspakete untereinander auf – ohne eigene Geschäftsstelle, auf Augenhöhe \
zwischen großen und kleinen Kommunen.

Ihre gemeinsame Rahmenstrategie **„Lippe lebt Digitalisierung“** gilt in \
Ostwestfalen-Lippe als Vorbild, das andere Kreise übernehmen können.
""",
    "history_text": """\
- **2019/2020:** Die Kooperation beginnt; den Anstoß gibt die Stadt Detmold. Die Quellen \
nennen teils 2019, teils Anfang 2020 als Start.
- **2021:** Die Zusammenarbeit wird im bundesweiten eGovernment-Wettbewerb als \
„Bestes Kooperationsprojekt“ ausgezeichnet; Bad Salzuflen nimmt den Preis stellvertretend \
für alle entgegen.
- **2023:** Die Bürgermeisterkonferenz des Kreises Lippe beauftragt die \
Digitalisierungsbeauftragten, ihre Zusammenarbeit in einer gemeinsamen Rahmenstrategie zu \
bündeln. Das DigitalBüro OWL begleitet den Strategieprozess und unterstützt ihn finanziell; \
in extern moderierten Workshops entstehen Ziele, Werte, vier Handlungsfelder und Maßnahmen.
- **Mai 2024:** Die Strategie „Lippe lebt Digitalisierung“ wird vorgestellt.

Quellen:
[OstWestfalenLippe GmbH – Digitale interkommunale Zusammenarbeit in OWL](https://www.ostwestfalenlippe.de/owl-gmbh/digitalbuero-owl/digitale-interkommunale-zusammenarbeit-in-owl/),
[citylife-hi, 23.05.2024](https://citylife-hi.de/2024/05/23/gemeinsam-stark-fuer-die-zukunft-wegweisende-kooperation-der-digitalisierungsbeauftragten-gestartet/),
[newsgo – Lippische Kommunen ausgezeichnet](https://newsgo.de/lokales/lippische-kommunen-ausgezeichnet/),
[interkommunales.nrw – Projektsteckbrief](https://interkommunales.nrw/projekt/interkommunale-kooperation-der-lippischen-cdos-und-digitalisierungsbeauftragten/)
""",
}

OWL_NETWORK = {
    "slug": "digitale-zusammenarbeit-owl",
    "name": "Digitale Zusammenarbeit OWL (Demo)",
    "short_name": "IKZ OWL (Demo)",
    "founded": None,
    "coordinating_body": "DigitalBüro OWL (OstWestfalenLippe GmbH)",
    "description": """\
**Demo-Inhalt:** Dieses Netzwerk ist ein Beispiel und keine bestehende Einrichtung. \
Es zeigt, wie alle 70 Kommunen in Ostwestfalen-Lippe gemeinsam eine Blaupause nutzen könnten: \
Das DigitalBüro OWL stellt die lippische Rahmenstrategie vor, berät zur Übertragung auf \
andere Kreise, unterstützt beim Kompetenzaufbau und begleitet Kommunen bei eigenen Strategien.
""",
    "history_text": """\
**Demo-Inhalt.** Das DigitalBüro OWL arbeitet seit 2022 als regionale Koordinierungsstelle \
für die Digitalisierung der Kommunen in OWL. Seine Angebote zur Übertragung der lippischen \
Blaupause beschreibt die [OstWestfalenLippe GmbH](https://www.ostwestfalenlippe.de/owl-gmbh/digitalbuero-owl/digitale-interkommunale-zusammenarbeit-in-owl/).
""",
}


HOEXTER_DISTRICT_AGS = "05762"

HOEXTER_NETWORK = {
    "slug": "kreis-hoexter",
    "name": "Netzwerk Kreis Höxter",
    "short_name": "Netzwerk Kreis Höxter",
    "founded": None,
    "coordinating_body": "Digitalisierungsbeauftragte der zehn Städte im Kreis Höxter (Demo)",
    "description": """\
**Demo-Inhalt:** Dieses Netzwerk ist ein Beispiel und keine bestehende Einrichtung. \
Die zehn Städte im Kreis Höxter wollen die lippische Rahmenstrategie als Blaupause \
übernehmen, an ihre Lage anpassen und mit der Blaupause abgeglichen halten.
""",
    "history_text": "",
}


def _clean(network: dict) -> dict:
    """Texts without the trailing newline a form would strip (no spurious changes later)."""
    return {
        key: value.strip() if isinstance(value, str) else value for key, value in network.items()
    }


def load_reference_data() -> Region:
    """Region OWL, its districts and municipalities with boundaries (idempotent)."""
    region = services.region_ensure_owl()
    services.municipalities_import_csv(file=OWL_CSV)
    services.regions_load_geometry(file=OWL_GEOJSON)
    return region


def load_demo_content() -> None:
    """The Lippe network (all 16 Lippe municipalities) and an OWL-wide demo network."""
    region = services.region_ensure_owl()
    lippe = region.districts.filter(ags=LIPPE_DISTRICT_AGS).first()
    lippe_ags = Municipality.objects.filter(district__ags=LIPPE_DISTRICT_AGS).values_list(
        "ags", flat=True
    )
    owl_ags = Municipality.objects.filter(district__region=region).values_list("ags", flat=True)
    services.network_ensure(
        **_clean(LIPPE_NETWORK), region=region, district=lippe, member_ags=list(lippe_ags)
    )
    services.network_ensure(**_clean(OWL_NETWORK), region=region, member_ags=list(owl_ags))
    hoexter = region.districts.filter(ags=HOEXTER_DISTRICT_AGS).first()
    hoexter_ags = Municipality.objects.filter(district__ags=HOEXTER_DISTRICT_AGS).values_list(
        "ags", flat=True
    )
    services.network_ensure(
        **_clean(HOEXTER_NETWORK), region=region, district=hoexter, member_ags=list(hoexter_ags)
    )
