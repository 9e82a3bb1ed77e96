"""Demo outcome of the demo workshop (`demo.load_demo_workshops`): impact/effort ratings of the
clusters and what the clusters became in the Lippe strategy.

The demo strategy is adopted, so nothing new is added to it: the clusters are linked to the
measure and goal of the strategy that took them up. `load_demo_outcome()` is idempotent: a
second run changes nothing.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from blaupause.strategies.models import Goal, Measure

from .demo import CLUSTERS, TITLE
from .models import Cluster, Participant, Promotion, Rating, Workshop

#: Impact and effort per cluster; each participant deviates a little from these.
RATINGS = {
    "Bürgerservice online": (5, 1),
    "Vernetzte Verwaltung": (4, 4),
    "Digitale Teilhabe": (3, 2),
}
#: Words that find the strategy item each cluster became (first match in key order).
PROMOTED = {
    "Bürgerservice online": (Measure, ("Termin", "Portal", "Online", "Antrag", "Service")),
    "Digitale Teilhabe": (Goal, ("Teilhabe", "Kompetenz", "Bürger")),
}


def _find(model, strategy, words):
    items = model.objects.filter(strategy=strategy).order_by("key")
    for word in words:
        item = items.filter(Q(title__icontains=word)).first()
        if item is not None:
            return item
    return items.first()


@transaction.atomic
def load_demo_outcome() -> Workshop | None:
    """Ratings and promotions for the demo workshop; None when it does not exist."""
    workshop = (
        Workshop.objects.select_related("strategy", "facilitator").filter(title=TITLE).first()
    )
    if workshop is None:
        return None
    clusters = {
        cluster.title: cluster
        for cluster in Cluster.objects.filter(workshop=workshop, title__in=list(CLUSTERS))
    }
    people = list(
        Participant.objects.filter(workshop=workshop, removed_at__isnull=True).order_by("id")
    )
    for title, (impact, effort) in RATINGS.items():
        cluster = clusters.get(title)
        if cluster is None:
            continue
        for index, participant in enumerate(people):
            shift = (index % 3) - 1  # -1, 0, +1: people do not all agree
            Rating.objects.get_or_create(
                participant=participant,
                cluster=cluster,
                defaults={
                    "workshop": workshop,
                    "impact": min(max(impact + shift, 1), 5),
                    "effort": min(max(effort - shift, 1), 5),
                },
            )
    for title, (model, words) in PROMOTED.items():
        cluster = clusters.get(title)
        item = _find(model, workshop.strategy, words) if cluster else None
        if item is None:
            continue
        Promotion.objects.get_or_create(
            workshop=workshop,
            cluster=cluster,
            item_type=ContentType.objects.get_for_model(model),
            item_id=item.pk,
            defaults={"promoted_by": workshop.facilitator},
        )
    return workshop
