"""Demo procurement plans for `blaupause demo`, run after the region's reference data.

About 25 plans of OWL municipalities for 2026–2028, worded the way different town halls word
the same thing: four towns in Kreis Höxter plan a council information system (Ratsinformations-
system, Ratsinfosystem, digitale Gremienarbeit, Sitzungsdienst) in 2027, several Lippe towns an
electronic file (E-Akte, DMS, digitale Akte), towns across the region an appointment booking
for their citizens' offices, and some school WLAN. A few plans sound alike without being alike
(media technology for the council chamber), so that a similarity finder has real work. Every
description says that it is demo content, and every plan is flagged `is_demo`.

`load_demo_procurement()` is idempotent: the plans have fixed UUIDs; one that exists already
(also one changed or deleted since) is left as it is. Municipalities that are not loaded are
skipped. Afterwards `plan_changed` is sent once for the new plans.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.db import transaction

from blaupause.core.audit import audit_record
from blaupause.regions.models import Municipality

from .constants import ProcurementCategory as C
from .models import ProcurementPlan

__all__ = ["DEMO_PLANS", "demo_plan_uuid", "load_demo_procurement"]

DEMO_NOTE = "*Demo-Inhalt: Dieses Beschaffungsvorhaben ist ein Beispiel.*"
_NAMESPACE = uuid.UUID("2b7e5c1d-4f0a-4c8e-9d3b-8a1f6e2c7d40")

# (key, AGS, subject, category, planned on, volume in euro or None, product, OZG service, text)
DEMO_PLANS: tuple[tuple, ...] = (
    # Kreis Höxter: council information systems in 2027
    (
        "brakel-ris",
        "05762016",
        "Einführung eines Ratsinformationssystems",
        C.SOFTWARE,
        "2027-03-01",
        38000,
        "",
        "",
        "Sitzungsvorlagen, Einladungen und Niederschriften sollen künftig digital bereitstehen; "
        "die Ratsmitglieder erhalten Tablets.",
    ),
    (
        "warburg-gremien",
        "05762036",
        "Digitale Gremienarbeit für Rat und Ausschüsse",
        C.SOFTWARE,
        "2027-05-01",
        45000,
        "Sitzungsmanagement mit Mandatsträger-App",
        "",
        "Ablösung der Papierpost an die Ratsmitglieder; Sitzungsdienst und Bürgerinformation "
        "aus einem System.",
    ),
    (
        "beverungen-ratsinfo",
        "05762008",
        "Ratsinfosystem einführen",
        C.SAAS,
        "2027-09-01",
        22000,
        "",
        "",
        "Gehostete Lösung bevorzugt; Veröffentlichung der öffentlichen Vorlagen im Internet.",
    ),
    (
        "bad-driburg-sitzungsdienst",
        "05762004",
        "Sitzungsdienst und Ratsinformation digitalisieren",
        C.SOFTWARE,
        "2027-02-01",
        30000,
        "",
        "",
        "Sitzungsplanung, Tagesordnungen und Beschlusskontrolle digital.",
    ),
    (
        "nieheim-medientechnik",
        "05762028",
        "Medientechnik für den Ratssaal",
        C.HARDWARE,
        "2027-06-01",
        18000,
        "",
        "",
        "Mikrofonanlage, Beamer und Kamera für hybride Sitzungen im Ratssaal.",
    ),
    (
        "steinheim-maengelmelder",
        "05762032",
        "Mängelmelder für Bürgerinnen und Bürger",
        C.SAAS,
        "2027-08-01",
        6000,
        "",
        "",
        "Schäden an Straßen, Laternen und Spielplätzen online melden, mit Foto und Ort.",
    ),
    # Kreis Lippe: electronic files
    (
        "detmold-eakte",
        "05766020",
        "Einführung der E-Akte in der Kernverwaltung",
        C.SOFTWARE,
        "2026-10-01",
        250000,
        "Dokumentenmanagementsystem",
        "",
        "Schrittweise Einführung in allen Fachbereichen, beginnend mit dem Personalamt.",
    ),
    (
        "lemgo-dms",
        "05766044",
        "Elektronische Aktenführung (DMS) ausrollen",
        C.SOFTWARE,
        "2027-01-01",
        180000,
        "",
        "",
        "Ausweitung des Pilotbetriebs auf die gesamte Verwaltung, inklusive Scan-Dienstleistung.",
    ),
    (
        "blomberg-eakte",
        "05766016",
        "E-Akte und digitaler Posteingang",
        C.SOFTWARE,
        "2027-04-01",
        90000,
        "",
        "",
        "Zentraler Scan des Posteingangs und elektronische Akte.",
    ),
    (
        "lage-dms",
        "05766040",
        "Dokumentenmanagementsystem für die Stadtverwaltung",
        C.SOFTWARE,
        "2026-11-01",
        120000,
        "",
        "",
        "Ablösung der Papierakten in Bauamt und Ordnungsamt.",
    ),
    (
        "oerlinghausen-akte",
        "05766056",
        "Digitale Akte – Ausschreibung DMS",
        C.SOFTWARE,
        "2027-06-01",
        75000,
        "",
        "",
        "Gemeinsame Ausschreibung mit Nachbarkommunen denkbar.",
    ),
    (
        "kalletal-finanzen",
        "05766036",
        "Lizenzverlängerung Fachverfahren Finanzwesen",
        C.SOFTWARE,
        "2026-12-01",
        40000,
        "",
        "",
        "Verlängerung des Wartungsvertrags um vier Jahre.",
    ),
    # Appointment booking for citizens' offices
    (
        "bad-salzuflen-termine",
        "05766008",
        "Online-Terminvergabe für das Bürgerbüro",
        C.SAAS,
        "2026-09-01",
        12000,
        "",
        "Personalausweis beantragen",
        "Termine für Ausweis, Pass und Meldeangelegenheiten online buchen.",
    ),
    (
        "horn-termine",
        "05766032",
        "Terminbuchungssystem Bürgerservice",
        C.SAAS,
        "2027-01-01",
        9000,
        "",
        "",
        "Terminbuchung mit Erinnerung per E-Mail und SMS.",
    ),
    (
        "guetersloh-aufruf",
        "05754008",
        "Terminmanagement und Aufrufsystem im Bürgerbüro",
        C.SOFTWARE,
        "2026-12-01",
        35000,
        "",
        "",
        "Online-Termine, Wartemarken und Aufrufanzeige im Wartebereich.",
    ),
    (
        "herford-termine",
        "05758012",
        "Online-Terminbuchung Einwohnermeldeamt",
        C.SAAS,
        "2027-03-01",
        15000,
        "",
        "Wohnsitz anmelden",
        "Terminbuchung für das Einwohnermeldeamt.",
    ),
    # School WLAN
    (
        "paderborn-wlan",
        "05774032",
        "WLAN-Ausbau an Grundschulen",
        C.INFRASTRUCTURE,
        "2026-08-01",
        600000,
        "",
        "",
        "Ausleuchtung aller Klassenräume der städtischen Grundschulen.",
    ),
    (
        "salzkotten-wlan",
        "05774036",
        "Flächendeckendes WLAN für alle Schulstandorte",
        C.INFRASTRUCTURE,
        "2027-02-01",
        220000,
        "",
        "",
        "Inklusive zentraler Verwaltung der Geräte.",
    ),
    (
        "delbrueck-wlan",
        "05774020",
        "Schul-WLAN und Netzwerkinfrastruktur",
        C.INFRASTRUCTURE,
        "2026-10-01",
        180000,
        "",
        "",
        "Verkabelung, Switches und Access Points.",
    ),
    (
        "buende-accesspoints",
        "05758004",
        "Access Points und Verkabelung in Schulen",
        C.HARDWARE,
        "2027-07-01",
        140000,
        "",
        "",
        "Finanziert aus dem DigitalPakt Schule.",
    ),
    # Information security and other topics
    (
        "bad-oeynhausen-isms",
        "05770004",
        "Beratung Informationssicherheit (ISMS nach BSI IT-Grundschutz)",
        C.CONSULTING,
        "2027-03-01",
        60000,
        "",
        "",
        "Aufbau eines Informationssicherheits-Managementsystems.",
    ),
    (
        "rietberg-isms",
        "05754032",
        "ISMS-Einführung mit externer Beratung",
        C.CONSULTING,
        "2027-05-01",
        45000,
        "",
        "",
        "Sicherheitskonzept und Schulung der Beschäftigten.",
    ),
    (
        "luebbecke-app",
        "05770020",
        "Bürger-App mit Mängelmelder",
        C.SAAS,
        "2027-04-01",
        25000,
        "",
        "",
        "App für Nachrichten, Termine und Meldungen aus der Stadt.",
    ),
    (
        "shs-bauantrag",
        "05754036",
        "Digitales Baugenehmigungsverfahren",
        C.SOFTWARE,
        "2027-01-01",
        55000,
        "",
        "Baugenehmigung",
        "Anbindung an das Bauportal NRW und elektronische Bauakte.",
    ),
    (
        "bielefeld-opendata",
        "05711000",
        "Open-Data-Portal der Stadt",
        C.SOFTWARE,
        "2026-11-01",
        80000,
        "",
        "",
        "Veröffentlichung offener Verwaltungsdaten mit Schnittstelle.",
    ),
    (
        "espelkamp-hybrid",
        "05770008",
        "Hybride Ratssitzungen – Konferenztechnik",
        C.HARDWARE,
        "2027-10-01",
        28000,
        "",
        "",
        "Kameras und Konferenzsystem für die Teilnahme per Video.",
    ),
    (
        "minden-digitalfunk",
        "05770024",
        "Digitalfunkgeräte für die Feuerwehr",
        C.HARDWARE,
        "2028-03-01",
        95000,
        "",
        "",
        "Ersatz der Handfunkgeräte der Löschzüge.",
    ),
)


def demo_plan_uuid(key: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"procurement-demo:{key}")


@transaction.atomic
def load_demo_procurement() -> list[ProcurementPlan]:
    """Create the demo plans that are missing; return the new ones."""
    from .services.procurement import plan_changed

    wanted = {row[1] for row in DEMO_PLANS}
    municipalities = {m.ags: m for m in Municipality.objects.filter(ags__in=wanted)}
    existing = set(
        ProcurementPlan.all_objects.filter(
            uuid__in=[demo_plan_uuid(row[0]) for row in DEMO_PLANS]
        ).values_list("uuid", flat=True)
    )
    created = []
    for key, ags, subject, category, planned, volume, product, ozg, text in DEMO_PLANS:
        municipality = municipalities.get(ags)
        plan_uuid = demo_plan_uuid(key)
        if municipality is None or plan_uuid in existing:
            continue
        plan = ProcurementPlan.objects.create(
            uuid=plan_uuid,
            municipality=municipality,
            subject=subject,
            description=f"{text}\n\n{DEMO_NOTE}",
            category=category,
            planned_on=datetime.date.fromisoformat(planned),
            estimated_volume=Decimal(volume) if volume is not None else None,
            product=product,
            ozg_service=ozg,
            open_for_partners=True,
            is_demo=True,
        )
        audit_record(actor=None, verb="procurement_plan.created", target=plan, data={"via": "demo"})
        created.append(plan)
    if created:
        plan_ids = [plan.pk for plan in created]
        transaction.on_commit(
            lambda: plan_changed.send(sender=ProcurementPlan, plan_ids=plan_ids, action="created")
        )
    return created
