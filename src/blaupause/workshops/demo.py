"""Demo workshop for `blaupause demo`: a finished "Maßnahmen sammeln" workshop on the Lippe
strategy with twelve idea cards in three clusters and the participants' dots.

`load_demo_workshops()` only adds what is missing: a second run changes nothing. It goes
through the services (steps, cards, clusters), as the facilitator would on the board.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from blaupause.accounts.models import User
from blaupause.strategies.models import Strategy

from . import services
from .constants import Focus, Step
from .models import Participant, Vote, Workshop

LIPPE_STRATEGY_SLUG = "lippe-lebt-digitalisierung"
FACILITATOR_EMAIL = "koordination@kreis-lippe.example"
PARTICIPANT_EMAILS = ("cdo@detmold.example", "cdo@lemgo.example", "mitwirkende@detmold.example")
GUESTS = ("Jana (Ehrenamtsbörse Lippe)", "Murat (Jugendparlament Detmold)")
TITLE = "Maßnahmen sammeln"
QUESTION = "Welche digitalen Angebote sollen die Lippe-Kommunen bis 2028 gemeinsam umsetzen?"

CLUSTERS = {
    "Bürgerservice online": [
        "Termine fürs Bürgerbüro in allen Kommunen über ein gemeinsames Portal buchen",
        "Anträge mit der BundID statt mit Papier und Unterschrift",
        "Häufige Fragen zu allen Leistungen der Verwaltung in einfacher Sprache beantworten",
        "Gewerbeanmeldung komplett digital, ohne Medienbruch",
    ],
    "Vernetzte Verwaltung": [
        "Gemeinsames Rechenzentrum für die Fachverfahren der kleinen Kommunen",
        "E-Akte flächendeckend einführen und Schulungen gemeinsam organisieren",
        "Ein gemeinsames Ideenlabor, in dem Mitarbeitende neue Lösungen ausprobieren",
        "Schnittstellen zwischen den Fachverfahren statt doppelter Dateneingabe",
    ],
    "Digitale Teilhabe": [
        "Digitallotsinnen und -lotsen in Bibliotheken und Bürgerhäusern",
        "Kostenloses WLAN in Rathäusern, Bibliotheken und an Bushaltestellen",
        "Kurse für ältere Menschen zum sicheren Umgang mit Online-Diensten",
        "Offene Daten der Kommunen auf einer gemeinsamen Plattform",
    ],
}
#: Dots per cluster, in the order above, spread over the participants.
DOTS = {"Bürgerservice online": 7, "Vernetzte Verwaltung": 4, "Digitale Teilhabe": 5}


@transaction.atomic
def load_demo_workshops() -> Workshop | None:
    """Create the demo workshop once; return it (None when the Lippe demo data is missing)."""
    strategy = (
        Strategy.objects.select_related("network__region", "municipality__district")
        .filter(slug=LIPPE_STRATEGY_SLUG)
        .first()
    )
    facilitator = User.objects.filter(email=FACILITATOR_EMAIL).first()
    if strategy is None or facilitator is None:
        return None
    existing = Workshop.all_objects.filter(strategy=strategy, title=TITLE).first()
    if existing is not None:
        return existing
    workshop = services.workshop_create(
        actor=facilitator,
        strategy=strategy,
        title=TITLE,
        question=QUESTION,
        focus=Focus.MEASURES,
        dots_per_person=4,
        scheduled_at=timezone.now().replace(hour=9, minute=30, second=0, microsecond=0)
        - datetime.timedelta(days=14),
    )
    people = [Participant.objects.get(workshop=workshop, user=facilitator)]
    now = timezone.now()
    for user in User.objects.filter(email__in=PARTICIPANT_EMAILS).order_by("email"):
        people.append(
            Participant.objects.create(
                workshop=workshop,
                user=user,
                display_name=user.get_full_name(),
                invited_by=facilitator,
                joined_at=now,
            )
        )
    for name in GUESTS:
        people.append(
            Participant.objects.create(
                workshop=workshop, display_name=name, invited_by=facilitator, joined_at=now
            )
        )
    services.workshop_step_set(actor=facilitator, workshop=workshop, step=Step.COLLECT)
    cards = {}
    number = 0
    for texts in CLUSTERS.values():
        for text in texts:
            author = people[number % len(people)]
            cards[text] = services.card_create(
                actor=author.user or facilitator,
                participant=author,
                workshop=workshop,
                text=text,
                anonymous=number % 5 == 4,
            )
            number += 1
    services.workshop_step_set(actor=facilitator, workshop=workshop, step=Step.CLUSTER)
    clusters = {}
    for title, texts in CLUSTERS.items():
        clusters[title] = services.cluster_create(actor=facilitator, workshop=workshop, title=title)
        for text in texts:
            services.card_move(actor=facilitator, card=cards[text], cluster=clusters[title])
    services.workshop_step_set(actor=facilitator, workshop=workshop, step=Step.VOTE)
    voter = 0
    for title, dots in DOTS.items():
        for _ in range(dots):
            participant = people[voter % len(people)]
            voter += 1
            vote = Vote.objects.filter(participant=participant, cluster=clusters[title]).first()
            if vote is None:
                Vote.objects.create(
                    workshop=workshop, participant=participant, cluster=clusters[title], dots=1
                )
            else:
                Vote.objects.filter(pk=vote.pk).update(dots=vote.dots + 1)
    services.bump_revision(workshop)
    services.workshop_step_set(actor=facilitator, workshop=workshop, step=Step.RESULT)
    services.workshop_step_set(actor=facilitator, workshop=workshop, step=Step.CLOSED)
    return workshop
