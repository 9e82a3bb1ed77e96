"""Reads of learning offers for their pages, the self-check results and the competence overview.

Every selector returns only what the viewer may see and runs a fixed number of queries,
however many offers, steps or participations there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils.translation import gettext as _

from blaupause.assessments.constants import AssessmentStatus
from blaupause.assessments.models import Answer, Assessment, CriteriaSet, Criterion

from ..constants import OfferRole
from ..models import LearningOffer, LearningParticipation, LearningPath, LearningPathStep
from ..rules.learning import manageable_region_ids

if TYPE_CHECKING:
    from blaupause.regions.models import Municipality, Region

__all__ = [
    "OfferSuggestion",
    "competence_overview",
    "criterion_choices",
    "latest_submitted_assessment",
    "offer_get",
    "offer_get_for_change",
    "offer_list",
    "offers_for_gaps",
    "offers_for_municipality",
    "participation_list",
    "path_get",
    "path_list",
]

#: Offers suggested on the self-check results page and on the municipality page.
SUGGESTION_LIMIT = 3


def _visible(viewer) -> Q:
    """Published offers, and every offer of a region the viewer manages."""
    regions = manageable_region_ids(viewer)
    if regions is None:  # superuser
        return Q()
    visible = Q(is_published=True)
    if regions:
        visible |= Q(region_id__in=regions)
    return visible


def _criteria_prefetch() -> Prefetch:
    return Prefetch("criteria", queryset=Criterion.objects.only("id", "code", "title", "order"))


def offer_list(
    *,
    viewer,
    kind: str = "",
    role: str = "",
    criterion: str = "",
    external: bool | None = None,
) -> QuerySet[LearningOffer]:
    """Offers the viewer may see, filtered, with their criteria (two queries)."""
    offers = LearningOffer.objects.filter(_visible(viewer))
    if kind:
        offers = offers.filter(kind=kind)
    if role:
        # `roles` is a JSON list; a text match on the quoted value works on every backend.
        wanted = Q(roles__icontains=f'"{role}"')
        if role != OfferRole.ALL:
            wanted |= Q(roles__icontains=f'"{OfferRole.ALL}"')
        offers = offers.filter(wanted)
    if criterion:
        offers = offers.filter(
            pk__in=LearningOffer.criteria.through.objects.filter(criterion__code=criterion).values(
                "learningoffer_id"
            )
        )
    if external is not None:
        offers = offers.filter(is_external=external)
    return (
        offers.select_related("region", "event")
        .prefetch_related(_criteria_prefetch())
        .order_by("title", "id")
    )


def offer_get(*, slug: str, viewer) -> LearningOffer:
    """One offer by its short name; 404 when it does not exist or the viewer may not see it."""
    offer = (
        LearningOffer.objects.filter(slug=slug)
        .select_related("region", "event")
        .prefetch_related(_criteria_prefetch())
        .first()
    )
    if offer is None or not viewer.has_perm("knowledge.view_learningoffer", offer):
        raise Http404(_("Dieses Lernangebot gibt es nicht."))
    return offer


def offer_get_for_change(*, slug: str, viewer) -> LearningOffer:
    """An offer the viewer may change; 404 for everyone else (no hint that it exists)."""
    offer = offer_get(slug=slug, viewer=viewer)
    if not viewer.has_perm("knowledge.change_learningoffer", offer):
        raise Http404(_("Dieses Lernangebot gibt es nicht."))
    return offer


def offer_paths(*, offer: LearningOffer) -> list[LearningPath]:
    return list(LearningPath.objects.filter(steps__offer=offer).order_by("title").distinct())


def criterion_choices() -> QuerySet[Criterion]:
    """Criteria of the newest criteria set, in order (for forms and filters)."""
    newest = CriteriaSet.objects.order_by("-set_version", "-id").values("pk")[:1]
    return Criterion.objects.filter(criteria_set__in=newest).order_by("order", "id")


def path_list() -> QuerySet[LearningPath]:
    """All learning paths with the number of their steps (one query)."""
    return LearningPath.objects.annotate(
        step_count=Count(
            "steps",
            filter=Q(steps__offer__is_published=True, steps__offer__deleted_at__isnull=True),
        )
    ).order_by("role", "title", "id")


@dataclass
class PathStep:
    number: int
    offer: LearningOffer


def path_get(*, slug: str, viewer) -> tuple[LearningPath, list[PathStep]]:
    """A path and its steps in order; offers the viewer may not see are left out."""
    path = LearningPath.objects.filter(slug=slug).first()
    if path is None:
        raise Http404(_("Diesen Lernpfad gibt es nicht."))
    steps = (
        LearningPathStep.objects.filter(
            path=path, offer__in=LearningOffer.objects.filter(_visible(viewer))
        )
        .select_related("offer")
        .prefetch_related(
            Prefetch("offer__criteria", queryset=Criterion.objects.only("id", "code", "title"))
        )
        .order_by("order", "id")
    )
    rows = list(steps)
    return path, [PathStep(number=index, offer=step.offer) for index, step in enumerate(rows, 1)]


# --- suggestions from self-check gaps ----------------------------------------------------------


@dataclass
class OfferSuggestion:
    offer: LearningOffer
    criteria: list[str]  # codes of the gap criteria this offer raises, largest gap first
    score: int  # sum of the gaps it addresses


def offers_for_gaps(
    assessment: Assessment | None, *, limit: int = SUGGESTION_LIMIT
) -> list[OfferSuggestion]:
    """Published offers ranked by the self-check gaps (target − current) they address:
    largest total gap first, then the largest single gap, then the title (three queries)."""
    if assessment is None or not assessment.pk:
        return []
    gaps: dict[str, tuple[int, int]] = {}
    rows = Answer.objects.filter(
        assessment=assessment, current__isnull=False, target__isnull=False
    ).values_list("criterion__code", "criterion__order", "current", "target")
    for code, order, current, target in rows:
        if target > current:
            gaps[code] = (target - current, order)
    if not gaps:
        return []
    tagged: dict[int, list[str]] = defaultdict(list)
    for offer_id, code in LearningOffer.criteria.through.objects.filter(
        criterion__code__in=list(gaps),
        learningoffer__is_published=True,
        learningoffer__deleted_at__isnull=True,
    ).values_list("learningoffer_id", "criterion__code"):
        if code not in tagged[offer_id]:
            tagged[offer_id].append(code)
    if not tagged:
        return []
    offers = {
        offer.pk: offer
        for offer in LearningOffer.objects.filter(pk__in=list(tagged)).select_related("region")
    }
    found = []
    for offer_id, codes in tagged.items():
        offer = offers.get(offer_id)
        if offer is None:
            continue
        codes.sort(key=lambda code: (-gaps[code][0], gaps[code][1]))
        score = sum(gaps[code][0] for code in codes)
        found.append(
            (
                (-score, -gaps[codes[0]][0], offer.title.lower(), offer.pk),
                OfferSuggestion(offer=offer, criteria=codes, score=score),
            )
        )
    found.sort(key=lambda row: row[0])
    return [row[1] for row in found[: max(int(limit), 0)]]


def latest_submitted_assessment(*, municipality: Municipality) -> Assessment | None:
    """The municipality's newest submitted self-check (one query)."""
    return (
        Assessment.objects.filter(municipality=municipality, status=AssessmentStatus.SUBMITTED)
        .order_by("-year", "-submitted_at", "-id")
        .first()
    )


def offers_for_municipality(
    *, municipality: Municipality, limit: int = SUGGESTION_LIMIT
) -> tuple[Assessment | None, list[OfferSuggestion]]:
    """Suggestions from the municipality's latest submitted self-check."""
    assessment = latest_submitted_assessment(municipality=municipality)
    return assessment, offers_for_gaps(assessment, limit=limit)


def participation_list(*, municipality: Municipality, limit: int = 10) -> list:
    """The municipality's latest recorded participations with their offers (one query)."""
    return list(
        LearningParticipation.objects.filter(
            municipality=municipality, offer__deleted_at__isnull=True
        )
        .select_related("offer")
        .order_by("-completed_on", "-id")[:limit]
    )


# --- competence overview -----------------------------------------------------------------------


@dataclass
class CountRow:
    label: str
    values: list[int]  # one per year
    group: str = ""
    code: str = ""

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass
class CompetenceOverview:
    region: Region
    years: list[int]
    districts: list[CountRow]
    municipalities: list[CountRow]
    criteria: list[CountRow]
    total: int
    has_demo: bool
    year_totals: list[int] = field(default_factory=list)


def competence_overview(*, region: Region) -> CompetenceOverview:
    """Participants per district, municipality and criterion and year in a region (the caller
    checked `knowledge.view_competence`; four queries)."""
    base = LearningParticipation.objects.filter(
        municipality__district__region=region, offer__deleted_at__isnull=True
    )
    rows = list(
        base.annotate(year=ExtractYear("completed_on"))
        .values(
            "year",
            "municipality_id",
            "municipality__name",
            "municipality__district_id",
            "municipality__district__name",
        )
        .annotate(count=Sum("participants"))
        .order_by()
    )
    years = sorted({row["year"] for row in rows})
    index = {year: position for position, year in enumerate(years)}

    def empty() -> list[int]:
        return [0] * len(years)

    districts: dict[int, CountRow] = {}
    municipalities: dict[int, CountRow] = {}
    for row in rows:
        district = districts.setdefault(
            row["municipality__district_id"],
            CountRow(label=row["municipality__district__name"], values=empty()),
        )
        district.values[index[row["year"]]] += row["count"]
        municipality = municipalities.setdefault(
            row["municipality_id"],
            CountRow(
                label=row["municipality__name"],
                group=row["municipality__district__name"],
                values=empty(),
            ),
        )
        municipality.values[index[row["year"]]] += row["count"]
    by_criterion: dict[str, CountRow] = {}
    criterion_rows = (
        base.filter(offer__criteria__isnull=False)
        .annotate(year=ExtractYear("completed_on"))
        .values("year", "offer__criteria__code", "offer__criteria__title", "offer__criteria__order")
        .annotate(count=Sum("participants"))
        .order_by("offer__criteria__order", "offer__criteria__code")
    )
    for row in criterion_rows:
        code = row["offer__criteria__code"]
        item = by_criterion.setdefault(
            code, CountRow(label=row["offer__criteria__title"], code=code, values=empty())
        )
        if row["year"] in index:
            item.values[index[row["year"]]] += row["count"]
    year_totals = empty()
    for item in districts.values():
        for position, value in enumerate(item.values):
            year_totals[position] += value
    return CompetenceOverview(
        region=region,
        years=years,
        districts=sorted(districts.values(), key=lambda r: (-r.total, r.label)),
        municipalities=sorted(municipalities.values(), key=lambda r: (r.group, -r.total, r.label)),
        criteria=list(by_criterion.values()),
        total=sum(year_totals),
        has_demo=base.filter(is_demo=True).exists(),
        year_totals=year_totals,
    )
