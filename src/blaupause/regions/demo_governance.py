"""Demo governance of the Lippe network: meeting rhythm, mandate and three working groups.

The mandate is reconstructed from public sources (see the network's history); what they do
not say — the date and any decision number — is left open and said so. The working groups
are demo data and labelled as such. `load_demo_governance()` is idempotent: it fills only
what is empty and creates only groups that do not exist, so later edits survive.
"""

from __future__ import annotations

from django.db import transaction

from .demo import LIPPE_NETWORK
from .models import Network, WorkingGroup

LIPPE_GOVERNANCE = {
    # The network is coordinated jointly with the Kreis Lippe, which is a district here, not a
    # municipality: the coordinating municipality stays empty, `coordinating_body` says who.
    "meeting_rhythm": "regelmäßig digital, dazu Workshops in Präsenz (Demo-Angabe)",
    "mandate_title": "Auftrag für eine gemeinsame Rahmenstrategie",
    "mandate_body": "Bürgermeisterkonferenz des Kreises Lippe",
    "mandate_date_note": "Datum nicht öffentlich belegt (2023)",
    "mandate_description": (
        "Aus öffentlichen Quellen rekonstruiert: Die Bürgermeisterkonferenz des Kreises Lippe "
        "hat die Digitalisierungsbeauftragten 2023 beauftragt, ihre Zusammenarbeit in einer "
        "gemeinsamen Rahmenstrategie zu bündeln. Das genaue Datum und ein Aktenzeichen des "
        "Beschlusses sind nicht öffentlich belegt; Quellen nennt die Geschichte des Netzwerks."
    ),
}

WORKING_GROUPS = [
    {
        "name": "AG Ratsinformationssystem (Demo)",
        "topics": "Ratsinformationssystem, digitale Gremienarbeit, Sitzungsdienst",
        "description": "**Demo-Inhalt.** Erfahrungen mit digitaler Gremienarbeit teilen.",
        "meeting_rhythm": "alle zwei Monate digital",
        "lead_ags": "05766008",  # Bad Salzuflen
        "member_ags": ["05766008", "05766040", "05766016"],
    },
    {
        "name": "AG Digitale Bildung (Demo)",
        "topics": "Schulen, Medienentwicklungsplan, Fortbildung",
        "description": "**Demo-Inhalt.** Schulträger stimmen Ausstattung und Fortbildung ab.",
        "meeting_rhythm": "quartalsweise",
        "lead_ags": "05766020",  # Detmold
        "member_ags": ["05766020", "05766004", "05766032"],
    },
    {
        "name": "AG OZG-Umsetzung (Demo)",
        "topics": "Onlinezugangsgesetz, Online-Dienste, Formulare",
        "description": "**Demo-Inhalt.** Online-Dienste gemeinsam einführen statt allein.",
        "meeting_rhythm": "monatlich digital",
        "lead_ags": "05766044",  # Lemgo
        "member_ags": ["05766044", "05766012", "05766024", "05766028"],
    },
]


@transaction.atomic
def load_demo_governance() -> Network | None:
    """Fill in the Lippe network's governance and its demo working groups (idempotent)."""
    network = Network.objects.filter(slug=LIPPE_NETWORK["slug"]).first()
    if network is None:
        return None
    changed = [name for name, value in LIPPE_GOVERNANCE.items() if not getattr(network, name)]
    if changed:
        for name in changed:
            setattr(network, name, LIPPE_GOVERNANCE[name])
        network.version += 1
        network.save()
    members = {m.ags: m for m in network.municipalities.all()}
    existing = set(WorkingGroup.all_objects.filter(network=network).values_list("name", flat=True))
    for spec in WORKING_GROUPS:
        if spec["name"] in existing:
            continue
        group = WorkingGroup.objects.create(
            network=network,
            name=spec["name"],
            topics=spec["topics"],
            description=spec["description"],
            meeting_rhythm=spec["meeting_rhythm"],
            lead=members.get(spec["lead_ags"]),
        )
        group.municipalities.set([members[ags] for ags in spec["member_ags"] if ags in members])
    return network
