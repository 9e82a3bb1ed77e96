"""Demo learning offers for `blaupause demo`, run after the region, its municipalities and the
criteria set exist.

Ten offers: webinars, guides and mentoring of the regional office, and linked external modules
of the eGov-Campus (described in our own words; the link goes to its public landing page only),
each tagged with the self-check criteria it raises; three learning paths (CDO, contributor,
leadership); and participations of OWL municipalities over the last years. Everything is
marked `is_demo` and says so in its text. Idempotent: offers and paths are found by their short
name, participations are only added when the region has none of the demo kind yet.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from blaupause.assessments.loader import criteria_load
from blaupause.assessments.models import Criterion
from blaupause.regions.models import Municipality, Region

from .constants import OfferKind, OfferRole
from .models import LearningOffer, LearningParticipation, LearningPath, LearningPathStep

__all__ = ["load_demo_learning"]

REGION_SLUG = "owl"
OWL_AGS_PREFIX = "057"
OFFICE = "DigitalBüro OWL (Demo)"
EGOV_CAMPUS = "eGov-Campus"
EGOV_CAMPUS_URL = "https://egov-campus.org/"
DEMO_NOTE = "\n\n*Demo-Inhalt: Dieses Angebot ist ein Beispiel.*"

OFFERS = [
    {
        "slug": "webinar-rahmenstrategie-einstieg",
        "title": "Webinar: Die Rahmenstrategie in der eigenen Kommune umsetzen",
        "kind": OfferKind.WEBINAR,
        "provider": OFFICE,
        "duration_hours": "1.5",
        "roles": [OfferRole.CDO, OfferRole.LEADERSHIP],
        "criteria": ["C1", "A2", "C2"],
        "description": "Wie wird aus einer gemeinsamen Rahmenstrategie ein Plan für die eigene "
        "Verwaltung? Das Webinar zeigt Schritt für Schritt, wie Sie Maßnahmen auswählen, einen "
        "Ratsbeschluss vorbereiten und Zuständigkeiten festlegen.",
    },
    {
        "slug": "webinar-nachnutzen-statt-neu-bauen",
        "title": "Webinar: Nachnutzen statt neu bauen",
        "kind": OfferKind.WEBINAR,
        "provider": OFFICE,
        "duration_hours": "1",
        "roles": [OfferRole.CDO, OfferRole.CONTRIBUTOR],
        "criteria": ["A3", "A4", "A6"],
        "description": "Fertige Online-Dienste und Vorlagen anderer Kommunen übernehmen: wo Sie "
        "sie finden, was eine gemeinsame Beschaffung voraussetzt und wie Sie eigene Ergebnisse "
        "für andere bereitstellen.",
    },
    {
        "slug": "leitfaden-informationssicherheit-kleine-kommunen",
        "title": "Leitfaden: Informationssicherheit in kleinen Kommunen",
        "kind": OfferKind.GUIDE,
        "provider": OFFICE,
        "duration_hours": None,
        "roles": [OfferRole.CDO, OfferRole.ALL],
        "criteria": ["B4", "B5"],
        "description": "Ein kurzer Leitfaden mit Checkliste: die wichtigsten Schritte zu einem "
        "Sicherheitskonzept, wenn keine eigene Stelle dafür da ist, und wo die Region hilft.",
    },
    {
        "slug": "leitfaden-prozesse-vor-der-digitalisierung",
        "title": "Leitfaden: Abläufe prüfen, bevor sie digital werden",
        "kind": OfferKind.GUIDE,
        "provider": OFFICE,
        "duration_hours": None,
        "roles": [OfferRole.CONTRIBUTOR, OfferRole.CDO],
        "criteria": ["C5", "B1", "B3"],
        "description": "Einen Ablauf aufnehmen, vereinfachen und erst dann digitalisieren: mit "
        "einer Vorlage für die Prozessaufnahme und Beispielen aus Lippe.",
    },
    {
        "slug": "mentoring-cdo-tandem",
        "title": "Mentoring: Tandem für neue Digitalverantwortliche",
        "kind": OfferKind.MENTORING,
        "provider": OFFICE,
        "duration_hours": "12",
        "roles": [OfferRole.CDO],
        "criteria": ["D6", "C2", "A1"],
        "description": "Neue Digitalverantwortliche lernen ein halbes Jahr lang von einer "
        "erfahrenen Kollegin oder einem erfahrenen Kollegen aus einer Nachbarkommune: monatliche "
        "Gespräche, gemeinsame Netzwerktreffen, Fragen jederzeit.",
    },
    {
        "slug": "mentoring-digital-lotsen",
        "title": "Mentoring: Digital-Lotsinnen und -Lotsen begleiten",
        "kind": OfferKind.MENTORING,
        "provider": OFFICE,
        "duration_hours": "8",
        "roles": [OfferRole.CONTRIBUTOR],
        "criteria": ["D4", "D3", "D5"],
        "description": "Für Beschäftigte, die in ihrem Amt Ansprechperson für digitale Fragen "
        "werden: Austausch in einer Gruppe aus mehreren Kommunen und Material für die eigene "
        "Sprechstunde.",
    },
    {
        "slug": "egov-campus-digitale-verwaltung-grundlagen",
        "title": "Online-Kurs: Grundlagen der digitalen Verwaltung",
        "kind": OfferKind.COURSE,
        "provider": EGOV_CAMPUS,
        "external": True,
        "duration_hours": "20",
        "roles": [OfferRole.ALL],
        "criteria": ["D1", "B1"],
        "description": "Ein Selbstlernkurs auf der offenen Lernplattform eGov-Campus: was "
        "E-Government ausmacht, welche rechtlichen Grundlagen gelten und wie digitale Dienste "
        "entstehen. Passend für den Einstieg.",
    },
    {
        "slug": "egov-campus-veraenderung-gestalten",
        "title": "Online-Kurs: Veränderung in der Verwaltung gestalten",
        "kind": OfferKind.COURSE,
        "provider": EGOV_CAMPUS,
        "external": True,
        "duration_hours": "15",
        "roles": [OfferRole.LEADERSHIP, OfferRole.CDO],
        "criteria": ["D3", "C3", "C6"],
        "description": "Ein Modul auf dem eGov-Campus zum Veränderungsmanagement: wie "
        "Führungskräfte ihre Teams durch den Wandel begleiten, Widerstände verstehen und "
        "Neues ausprobieren lassen.",
    },
    {
        "slug": "egov-campus-daten-und-offene-verwaltung",
        "title": "Online-Kurs: Daten nutzen und teilen",
        "kind": OfferKind.COURSE,
        "provider": EGOV_CAMPUS,
        "external": True,
        "duration_hours": "10",
        "roles": [OfferRole.CONTRIBUTOR, OfferRole.CDO],
        "criteria": ["B6", "D2"],
        "description": "Ein Modul auf dem eGov-Campus über Daten in der Verwaltung: offene Daten "
        "bereitstellen, Wissen festhalten und Daten für Entscheidungen nutzen.",
    },
    {
        "slug": "webinar-buergerbeteiligung-digital",
        "title": "Webinar: Bürgerinnen und Bürger digital beteiligen",
        "kind": OfferKind.WEBINAR,
        "provider": OFFICE,
        "duration_hours": "1.5",
        "roles": [OfferRole.CONTRIBUTOR, OfferRole.LEADERSHIP],
        "criteria": ["A5", "D5"],
        "description": "Online-Beteiligung vorbereiten, durchführen und auswerten – mit "
        "Beispielen aus Kommunen der Region und Hinweisen zur Barrierefreiheit.",
    },
]

PATHS = [
    {
        "slug": "lernpfad-digitalverantwortliche",
        "title": "Lernpfad für Digitalverantwortliche",
        "role": OfferRole.CDO,
        "description": "Vom ersten Monat bis zur eigenen Umsetzungsplanung (Demo-Inhalt).",
        "offers": [
            "mentoring-cdo-tandem",
            "webinar-rahmenstrategie-einstieg",
            "webinar-nachnutzen-statt-neu-bauen",
            "leitfaden-informationssicherheit-kleine-kommunen",
            "egov-campus-digitale-verwaltung-grundlagen",
        ],
    },
    {
        "slug": "lernpfad-mitwirkende",
        "title": "Lernpfad für Mitwirkende",
        "role": OfferRole.CONTRIBUTOR,
        "description": "Für Beschäftigte, die Digitalisierung in ihrem Amt voranbringen "
        "(Demo-Inhalt).",
        "offers": [
            "egov-campus-digitale-verwaltung-grundlagen",
            "leitfaden-prozesse-vor-der-digitalisierung",
            "mentoring-digital-lotsen",
            "egov-campus-daten-und-offene-verwaltung",
        ],
    },
    {
        "slug": "lernpfad-verwaltungsleitung",
        "title": "Lernpfad für die Verwaltungsleitung",
        "role": OfferRole.LEADERSHIP,
        "description": "Für Bürgermeisterinnen, Bürgermeister und Führungskräfte (Demo-Inhalt).",
        "offers": [
            "webinar-rahmenstrategie-einstieg",
            "egov-campus-veraenderung-gestalten",
            "webinar-buergerbeteiligung-digital",
        ],
    },
]


def _unit(*parts: object) -> float:
    """A stable number in [0, 1) from the parts (same input, same number, every run)."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _criteria_by_code() -> dict[str, Criterion]:
    criteria_set = criteria_load().criteria_set
    return {c.code: c for c in Criterion.objects.filter(criteria_set=criteria_set)}


@transaction.atomic
def load_demo_learning() -> dict[str, int]:
    """Create the demo offers, paths and participations that are missing; return the counts."""
    region = Region.objects.filter(slug=REGION_SLUG).first()
    criteria = _criteria_by_code()
    offers: dict[str, LearningOffer] = {}
    created = {"offers": 0, "paths": 0, "participations": 0}
    for row in OFFERS:
        offer = LearningOffer.all_objects.filter(slug=row["slug"]).first()
        if offer is None:
            external = bool(row.get("external"))
            offer = LearningOffer.objects.create(
                slug=row["slug"],
                title=row["title"],
                kind=row["kind"],
                provider=row["provider"],
                description=row["description"] + DEMO_NOTE,
                is_external=external,
                external_url=EGOV_CAMPUS_URL if external else "",
                duration_hours=Decimal(row["duration_hours"]) if row["duration_hours"] else None,
                roles=[str(role) for role in row["roles"]],
                region=region,
                is_published=True,
                is_demo=True,
            )
            offer.criteria.set([criteria[code] for code in row["criteria"] if code in criteria])
            created["offers"] += 1
        offers[row["slug"]] = offer
    for row in PATHS:
        learning_path = LearningPath.all_objects.filter(slug=row["slug"]).first()
        if learning_path is None:
            learning_path = LearningPath.objects.create(
                slug=row["slug"],
                title=row["title"],
                role=row["role"],
                description=row["description"],
                region=region,
                is_demo=True,
            )
            LearningPathStep.objects.bulk_create(
                LearningPathStep(path=learning_path, offer=offers[slug], order=index)
                for index, slug in enumerate(row["offers"], 1)
            )
            created["paths"] += 1
    municipalities = list(
        Municipality.objects.filter(ags__startswith=OWL_AGS_PREFIX).order_by("ags").only("ags")
    )
    if (
        municipalities
        and not LearningParticipation.objects.filter(
            is_demo=True, municipality__in=municipalities
        ).exists()
    ):
        today = timezone.localdate()
        rows = []
        for municipality in municipalities:
            for slug, offer in offers.items():
                for years_back in (2, 1, 0):
                    chance = _unit("p", municipality.ags, slug, years_back)
                    if chance > 0.22 + 0.08 * (2 - years_back):  # more each year
                        continue
                    day = datetime.date(today.year - years_back, 1, 1) + datetime.timedelta(
                        days=int(_unit("d", municipality.ags, slug, years_back) * 300)
                    )
                    rows.append(
                        LearningParticipation(
                            offer=offer,
                            municipality=municipality,
                            participants=1 + int(_unit("n", municipality.ags, slug) * 6),
                            completed_on=min(day, today),
                            is_demo=True,
                        )
                    )
        LearningParticipation.objects.bulk_create(rows, batch_size=1000)
        created["participations"] = len(rows)
    return created
