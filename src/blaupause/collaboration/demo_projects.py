"""Demo joint projects for `blaupause demo`, run after the Lippe strategy and the demo accounts.

Three projects of Lippe municipalities on measures of the Lippe strategy, in different stages:
an information security management shared by four towns (agreement signed, split by
population), a citizen participation platform (letter of intent, custom shares, funding
applied for) and a sensor network in eastern Lippe (an idea, invitations open). Every summary
says that it is demo content, and every project is marked `is_demo`.

The projects are created through the services, acting as the regional admin demo account, so
that partners' commitments to the measures follow as they would for real. Loading is
idempotent: the projects have fixed UUIDs; one that exists (also changed or removed since) is
left as it is.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from blaupause.accounts.models import User
from blaupause.regions.models import Municipality, Network
from blaupause.strategies.models import Measure

from .constants import AgreementStatus, CostSplit, FundingStatus, PartnerStatus, WorkPackageStatus
from .models import JointProject, ProjectPartner
from .services import projects as services

REGIONAL_ADMIN = "admin@digitalbuero-owl.example"
LIPPE_NETWORK_SLUG = "lippe"
LIPPE_STRATEGY_SLUG = "lippe-lebt-digitalisierung"
DEMO_NOTE = "*Demo-Inhalt: Dieses Projekt ist ein Beispiel.*"
_NAMESPACE = uuid.UUID("1b4f0c8e-2d7a-4e55-9f0b-7c3a6e21d904")

DETMOLD, LEMGO, LAGE, HORN = "05766020", "05766044", "05766040", "05766032"
BLOMBERG, BAD_SALZUFLEN, OERLINGHAUSEN = "05766016", "05766008", "05766056"
BARNTRUP, SCHIEDER, LUEGDE = "05766012", "05766060", "05766052"

PROJECTS = (
    {
        "key": "isms",
        "title": "Gemeinsames Informationssicherheitsmanagement",
        "measure": "B-M04",
        "lead": DETMOLD,
        "accepted": (LEMGO, LAGE, HORN),
        "invited": (BLOMBERG,),
        "declined": (),
        "summary": (
            "Detmold, Lemgo, Lage und Horn-Bad Meinberg bauen ein gemeinsames "
            "Informationssicherheitsmanagement nach BSI IT-Grundschutz auf: ein geteilter "
            "Informationssicherheitsbeauftragter, gemeinsame Leitlinien und Schulungen.\n\n"
            + DEMO_NOTE
        ),
        "goal": "Alle beteiligten Verwaltungen haben ein gelebtes ISMS mit Basis-Absicherung.",
        "scope": "Leitlinie, Strukturanalyse, Basis-Check, Schulungen, jährliche Übung.",
        "starts_on": datetime.date(2026, 1, 1),
        "ends_on": datetime.date(2027, 12, 31),
        "budget_total": Decimal("240000.00"),
        "cost_split": CostSplit.POPULATION,
        "funding_status": FundingStatus.NONE,
        "agreement_status": AgreementStatus.AGREEMENT_SIGNED,
        "work_packages": (
            ("Leitlinie Informationssicherheit abstimmen", DETMOLD, 60, WorkPackageStatus.DONE),
            ("Strukturanalyse und Schutzbedarf", LEMGO, 200, WorkPackageStatus.IN_PROGRESS),
            ("Schulungsprogramm für alle Beschäftigten", LAGE, 420, WorkPackageStatus.OPEN),
        ),
        "milestones": (
            ("Öffentlich-rechtliche Vereinbarung unterzeichnet", -120, True),
            ("Basis-Check in allen Verwaltungen abgeschlossen", 150, False),
        ),
    },
    {
        "key": "beteiligung",
        "title": "Digitale Beteiligungsplattform für Lippe",
        "measure": "A-M07",
        "lead": LEMGO,
        "accepted": (DETMOLD, BAD_SALZUFLEN),
        "invited": (),
        "declined": (OERLINGHAUSEN,),
        "summary": (
            "Eine gemeinsame Plattform für Bürgerbeteiligung – Umfragen, Bauleitplanung, "
            "Ideenmelder – statt drei einzelner Lösungen.\n\n" + DEMO_NOTE
        ),
        "goal": "Bürgerinnen und Bürger beteiligen sich online an Vorhaben ihrer Kommune.",
        "scope": "Auswahl, Beschaffung und Betrieb einer Open-Source-Plattform.",
        "starts_on": datetime.date(2026, 9, 1),
        "ends_on": datetime.date(2028, 6, 30),
        "budget_total": Decimal("90000.00"),
        "cost_split": CostSplit.CUSTOM,
        "shares": {LEMGO: Decimal("40"), DETMOLD: Decimal("35"), BAD_SALZUFLEN: Decimal("25")},
        "funding_programme": "Landesförderung Digitale Kommune (Beispiel)",
        "funding_rate": Decimal("50"),
        "funding_status": FundingStatus.APPLIED,
        "agreement_status": AgreementStatus.LETTER_OF_INTENT,
        "work_packages": (
            ("Anforderungen der drei Kommunen sammeln", LEMGO, 30, WorkPackageStatus.IN_PROGRESS),
            ("Förderantrag stellen", DETMOLD, 45, WorkPackageStatus.OPEN),
        ),
        "milestones": (("Förderbescheid liegt vor", 120, False),),
    },
    {
        "key": "lorawan",
        "title": "LoRaWAN-Sensornetz im Lipper Osten",
        "measure": "B-M07",
        "lead": BLOMBERG,
        "accepted": (),
        "invited": (BARNTRUP, SCHIEDER, LUEGDE),
        "declined": (),
        "summary": (
            "Ein gemeinsames Funknetz für Sensoren: Pegelstände, Füllstände von Glascontainern, "
            "Raumklima in Schulen.\n\n" + DEMO_NOTE
        ),
        "goal": "Ein Funknetz, das alle Kommunen im Lipper Osten nutzen können.",
        "scope": "Standortplanung, Gateways, erste Anwendungsfälle.",
        "starts_on": datetime.date(2027, 3, 1),
        "ends_on": None,
        "budget_total": Decimal("45000.00"),
        "cost_split": CostSplit.EQUAL,
        "funding_status": FundingStatus.PLANNED,
        "agreement_status": AgreementStatus.IDEA,
        "work_packages": (),
        "milestones": (),
    },
)


def _uuid(key: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"collaboration-demo:{key}")


def _set_partner(project, municipality, status) -> None:
    """Answer a demo invitation as the invited municipality would (the demo has no CDO account
    for every town)."""
    ProjectPartner.objects.filter(project=project, municipality=municipality).update(
        status=status, responded_at=timezone.now()
    )


@transaction.atomic
def load_demo_projects() -> int:
    """Create the demo projects that do not exist yet; return how many were created.

    Needs the OWL reference data, the Lippe strategy and the regional admin demo account; any
    of them missing means nothing is loaded.
    """
    actor = User.objects.filter(email=REGIONAL_ADMIN).first()
    network = Network.objects.filter(slug=LIPPE_NETWORK_SLUG).first()
    if actor is None or network is None:
        return 0
    municipalities = {
        m.ags: m
        for m in Municipality.objects.select_related("district").filter(ags__startswith="05766")
    }
    measures = {m.key: m for m in Measure.objects.filter(strategy__slug=LIPPE_STRATEGY_SLUG)}
    today = timezone.localdate()
    created = 0
    for spec in PROJECTS:
        project_uuid = _uuid(spec["key"])
        if JointProject.all_objects.filter(uuid=project_uuid).exists():
            continue
        people = [spec["lead"], *spec["accepted"], *spec["invited"], *spec["declined"]]
        if any(ags not in municipalities for ags in people):
            continue
        lead = municipalities[spec["lead"]]
        project = services.project_create(
            actor=actor,
            title=spec["title"],
            lead_municipality=lead,
            measure=measures.get(spec["measure"]),
            network=network,
            partner_municipalities=[municipalities[ags] for ags in people[1:]],
            summary=spec["summary"],
            goal=spec["goal"],
            scope=spec["scope"],
            starts_on=spec["starts_on"],
            ends_on=spec["ends_on"],
            budget_total=spec["budget_total"],
            funding_programme=spec.get("funding_programme", ""),
            funding_rate=spec.get("funding_rate"),
            funding_status=spec["funding_status"],
            agreement_status=spec["agreement_status"],
            is_demo=True,
        )
        JointProject.all_objects.filter(pk=project.pk).update(uuid=project_uuid)
        project.uuid = project_uuid
        for ags in spec["accepted"]:
            _set_partner(project, municipalities[ags], PartnerStatus.ACCEPTED)
        for ags in spec["declined"]:
            _set_partner(project, municipalities[ags], PartnerStatus.DECLINED)
        project.__dict__.pop("_partner_statuses", None)
        if project.measure_id:
            services.project_commitments_sync(actor=actor, project=project)
        if spec["cost_split"] != CostSplit.EQUAL:
            partners = {
                p.municipality.ags: p.pk
                for p in project.partners.filter(status=PartnerStatus.ACCEPTED).select_related(
                    "municipality"
                )
            }
            shares = {partners[ags]: share for ags, share in spec.get("shares", {}).items()}
            project = JointProject.objects.get(pk=project.pk)
            services.project_cost_split_set(
                actor=actor,
                project=project,
                expected_version=project.version,
                method=spec["cost_split"],
                shares=shares,
            )
        for title, owner, days, status in spec["work_packages"]:
            services.work_package_create(
                actor=actor,
                project=project,
                title=title,
                owner_municipality=municipalities[owner],
                due_on=today + datetime.timedelta(days=days),
                status=status,
            )
        for title, days, reached in spec["milestones"]:
            due = today + datetime.timedelta(days=days)
            services.milestone_create(
                actor=actor,
                project=project,
                title=title,
                due_on=due,
                reached_on=due if reached else None,
            )
        created += 1
    return created
