"""Reads of the expert finder ("Wer hat das schon gemacht?").

A topic is matched against measures that a municipality leads (commitments with role "lead"),
joint projects a municipality leads, and the topics people gave when they agreed to be listed.
Matching uses German stems and compound parts (`core.german`): "Ratsinformationssystem" finds
"Informationssystem für den Rat". People appear only with their consent (`ExpertListing.listed`
with a consent date) and only to logged-in role holders; municipalities appear as "Kommune mit
Erfahrung" without any person data. A fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q

from blaupause.accounts.constants import Role
from blaupause.accounts.models import Membership
from blaupause.commitments.constants import CommitmentRole
from blaupause.commitments.models import Commitment
from blaupause.core.german import analyze

from ..models import ExpertListing

__all__ = ["ExpertFinderResult", "expert_finder", "expert_listing_for", "topic_score"]

#: At most this many municipalities and persons on the page.
MAX_RESULTS = 50


@dataclass
class Experience:
    title: str
    url: str
    kind: str  # "measure" or "project"
    score: int


@dataclass
class MunicipalityExperience:
    municipality: object
    items: list[Experience] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(item.score for item in self.items)


@dataclass
class PersonEntry:
    name: str
    municipalities: list[str]
    topics: str
    contact_note: str
    score: int


@dataclass
class ExpertFinderResult:
    topic: str
    municipalities: list[MunicipalityExperience] = field(default_factory=list)
    persons: list[PersonEntry] = field(default_factory=list)
    persons_hidden: bool = False  # the viewer may not see persons

    @property
    def empty(self) -> bool:
        return not self.municipalities and not self.persons


@dataclass(frozen=True)
class _Query:
    whole: frozenset[str]
    parts: frozenset[str]

    @property
    def required(self) -> int:
        # One word: any hit counts. Several words or a compound: two hits, or one exact word.
        return 1 if len(self.whole | self.parts) == 1 else 2


def _query(topic: str) -> _Query:
    tokens = analyze(topic)
    return _Query(
        whole=frozenset(t.term for t in tokens if not t.part),
        parts=frozenset(t.term for t in tokens if t.part),
    )


def topic_score(query: _Query, text: str) -> int:
    """How well a text matches a topic: 2 per exact word, 1 per shared compound part; 0 when
    it does not reach the query's threshold."""
    terms = {token.term for token in analyze(text)}
    score = 2 * len(query.whole & terms) + len((query.parts - query.whole) & terms)
    return score if score >= query.required else 0


def _measure_text(measure) -> str:
    tags = measure.tags if isinstance(measure.tags, list) else []
    return " ".join([measure.title, measure.description or "", *map(str, tags)])


def _project_model():
    try:
        return apps.get_model("collaboration", "JointProject")
    except LookupError:
        return None


def expert_listing_for(user) -> ExpertListing | None:
    return ExpertListing.objects.filter(user=user).first()


def expert_finder(*, topic: str, viewer) -> ExpertFinderResult:
    """Municipalities (and consenting people) with experience on a topic, best match first."""
    topic = (topic or "").strip()[:200]
    result = ExpertFinderResult(topic=topic)
    query = _query(topic)
    if not query.whole and not query.parts:
        return result
    by_municipality: dict[int, MunicipalityExperience] = {}

    commitments = (
        Commitment.objects.visible_to(viewer)
        .counted()
        .filter(
            role=CommitmentRole.LEAD,
            measure__deleted_at__isnull=True,
            measure__strategy__deleted_at__isnull=True,
            municipality__deleted_at__isnull=True,
        )
        .select_related("municipality", "measure__strategy")
        .defer("municipality__geometry")
    )
    scores: dict[int, int] = {}
    for commitment in commitments:
        measure = commitment.measure
        if measure.pk not in scores:
            scores[measure.pk] = topic_score(query, _measure_text(measure))
        if not scores[measure.pk]:
            continue
        entry = by_municipality.setdefault(
            commitment.municipality_id, MunicipalityExperience(commitment.municipality)
        )
        entry.items.append(
            Experience(
                title=f"{measure.key} {measure.title}",
                url=measure.get_absolute_url(),
                kind="measure",
                score=scores[measure.pk],
            )
        )

    JointProject = _project_model()
    if JointProject is not None:
        projects = (
            JointProject.objects.filter(is_public=True, lead_municipality__deleted_at__isnull=True)
            .select_related("lead_municipality", "measure")
            .only(
                "pk",
                "uuid",
                "title",
                "summary",
                "goal",
                "lead_municipality",
                "measure__title",
                "measure__description",
            )
        )
        for project in projects:
            text = " ".join(
                [project.title, project.summary, project.goal]
                + ([project.measure.title] if project.measure_id else [])
            )
            score = topic_score(query, text)
            if not score:
                continue
            municipality = project.lead_municipality
            entry = by_municipality.setdefault(
                municipality.pk, MunicipalityExperience(municipality)
            )
            try:
                url = project.get_absolute_url()
            except Exception:  # a project page may not be routed (yet): show the title only
                url = ""
            entry.items.append(
                Experience(title=project.title, url=url, kind="project", score=score)
            )

    ranked = sorted(
        by_municipality.values(), key=lambda e: (-e.score, e.municipality.name, e.municipality.pk)
    )
    result.municipalities = ranked[:MAX_RESULTS]
    for entry in result.municipalities:
        entry.items.sort(key=lambda item: (-item.score, item.title))

    if not viewer.has_perm("knowledge.view_expert_persons"):
        result.persons_hidden = True
        return result

    listings = list(
        ExpertListing.objects.filter(
            listed=True, consented_at__isnull=False, user__is_active=True
        ).select_related("user")
    )
    if not listings:
        return result
    municipalities_of: dict[int, list] = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            user_id__in=[listing.user_id for listing in listings],
            role__in=[Role.CDO, Role.CONTRIBUTOR],
            municipality__isnull=False,
        )
        .filter(Q(municipality__deleted_at__isnull=True))
        .select_related("municipality")
        .order_by("municipality__name")
    ):
        municipalities_of[membership.user_id].append(membership.municipality)
    experienced = {pk: entry.score for pk, entry in by_municipality.items()}
    persons = []
    for listing in listings:
        own = municipalities_of.get(listing.user_id, [])
        score = topic_score(query, listing.topics) * 2 if listing.topics else 0
        score += max((experienced.get(m.pk, 0) for m in own), default=0)
        if not score:
            continue
        persons.append(
            PersonEntry(
                name=str(listing.user),
                municipalities=sorted({m.name for m in own}),
                topics=listing.topics,
                contact_note=listing.contact_note,
                score=score,
            )
        )
    persons.sort(key=lambda p: (-p.score, p.name))
    result.persons = persons[:MAX_RESULTS]
    return result
