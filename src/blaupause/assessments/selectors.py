"""Reads of the self-check for its pages: a municipality's years, the form, the results.

Results carry peer benchmarks computed only from submitted self-checks of the same criteria
set and year; a group value appears only when enough municipalities of the group submitted
(`BLAUPAUSE_BENCHMARK_MIN_GROUP`). Individual answers of other municipalities never leave
this module. Every selector runs a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from blaupause.regions.constants import SizeClass, size_class_for
from blaupause.regions.models import Network
from blaupause.strategies.constants import StrategyStatus
from blaupause.strategies.models import Measure

from .constants import AssessmentStatus
from .models import Answer, Assessment, CriteriaSet, Criterion, LifeAreaLevel
from .scoring import GroupStat, group_stat, mean

if TYPE_CHECKING:
    from blaupause.regions.models import Municipality

__all__ = [
    "assessment_get",
    "assessment_list",
    "assessment_results",
    "benchmark_min_group",
    "form_rows",
    "life_area_rows",
]

GAP_COUNT = 5
SUGGESTION_COUNT = 8


def benchmark_min_group() -> int:
    return max(int(getattr(settings, "BLAUPAUSE_BENCHMARK_MIN_GROUP", 5)), 1)


def assessment_list(*, municipality: Municipality) -> list[Assessment]:
    """The municipality's self-checks, newest year first, with the number of answers."""
    return list(
        Assessment.objects.filter(municipality=municipality)
        .select_related("criteria_set")
        .annotate(
            answered=Count(
                "answers",
                filter=Q(
                    answers__deleted_at__isnull=True,
                    answers__current__isnull=False,
                    answers__target__isnull=False,
                ),
                distinct=True,
            ),
            criteria_count=Count("criteria_set__criteria", distinct=True),
        )
        .order_by("-year")
    )


def assessment_get(*, municipality: Municipality, year: int) -> Assessment | None:
    assessment = (
        Assessment.objects.filter(municipality=municipality, year=year)
        .select_related("criteria_set")
        .first()
    )
    if assessment is not None:
        assessment.municipality = municipality  # already loaded with its district and region
    return assessment


@dataclass
class FormField:
    key: str
    title: str
    criteria: list[Criterion]


def form_rows(*, criteria_set: CriteriaSet) -> list[FormField]:
    """Criteria grouped by field of action, in order: the structure of the form (one query)."""
    titles = criteria_set.field_titles()
    groups: dict[str, FormField] = {}
    for criterion in Criterion.objects.filter(criteria_set=criteria_set).order_by("order"):
        group = groups.setdefault(
            criterion.field,
            FormField(key=criterion.field, title=titles.get(criterion.field, ""), criteria=[]),
        )
        group.criteria.append(criterion)
    return list(groups.values())


@dataclass
class LifeAreaRow:
    pk: int
    key: str
    title: str
    strategy_title: str
    level: int | None = None


def life_area_rows(
    *, municipality: Municipality, assessment: Assessment | None
) -> list[LifeAreaRow]:
    """Life areas of the framework strategies of the municipality's networks (not drafts),
    with the stored activity level of `assessment` (two queries)."""
    from blaupause.strategies.models import LifeArea

    areas = (
        LifeArea.objects.filter(
            strategy__network__municipalities=municipality,
            strategy__deleted_at__isnull=True,
        )
        .exclude(strategy__status=StrategyStatus.DRAFT)
        .select_related("strategy")
        # One row per area: a strategy has one network, which has the municipality once. Only
        # the columns shown (DISTINCT over whole rows with the strategy's texts cost more).
        .only("key", "title", "strategy__title")
        .order_by("strategy__title", "order", "id")
    )
    stored = (
        dict(
            LifeAreaLevel.objects.filter(assessment=assessment).values_list("life_area_id", "level")
        )
        if assessment is not None and assessment.pk
        else {}
    )
    return [
        LifeAreaRow(
            pk=area.pk,
            key=area.key,
            title=area.title,
            strategy_title=area.strategy.title,
            level=stored.get(area.pk),
        )
        for area in areas
    ]


@dataclass
class FieldResult:
    key: str
    title: str
    current: float | None
    target: float | None

    @property
    def gap(self) -> float | None:
        if self.current is None or self.target is None:
            return None
        return self.target - self.current


@dataclass
class Gap:
    code: str
    title: str
    current: int
    target: int

    @property
    def size(self) -> int:
        return self.target - self.current


@dataclass
class Suggestion:
    measure_key: str
    measure_title: str
    strategy_slug: str
    strategy_title: str
    criteria: list[str]


@dataclass
class BenchmarkGroup:
    label: str
    count: int
    enough: bool
    stats: list[GroupStat | None]  # one per field, None when nobody of the group answered


@dataclass
class TrendRow:
    year: int
    values: list[float | None]


@dataclass
class Results:
    assessment: Assessment
    fields: list[FieldResult]
    answered: int
    total: int
    gaps: list[Gap]
    suggestions: list[Suggestion]
    benchmarks: list[BenchmarkGroup]
    min_group: int
    trend: list[TrendRow]
    has_demo: bool
    field_titles: list[str] = field(default_factory=list)
    life_areas: list[LifeAreaRow] = field(default_factory=list)


def _field_means(rows) -> dict[str, float | None]:
    by_field: dict[str, list] = defaultdict(list)
    for field_key, value in rows:
        by_field[field_key].append(value)
    return {key: mean(values) for key, values in by_field.items()}


def _benchmarks(
    *, assessment: Assessment, field_keys: list[str], networks: list[tuple[int, str, set[int]]]
) -> tuple[list[BenchmarkGroup], bool]:
    """Group medians and quartiles of the field means (today), from submitted checks only."""
    municipality = assessment.municipality
    region_id = municipality.district.region_id
    rows = (
        Answer.objects.filter(
            assessment__status=AssessmentStatus.SUBMITTED,
            assessment__deleted_at__isnull=True,
            assessment__criteria_set_id=assessment.criteria_set_id,
            assessment__year=assessment.year,
            assessment__municipality__district__region_id=region_id,
        )
        .values_list(
            "assessment__municipality_id",
            "assessment__municipality__district_id",
            "assessment__municipality__population",
            "assessment__is_demo",
            "criterion__field",
            "current",
        )
        .order_by()
    )  # grouped below; no need to sort by the criteria's order
    values: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    district_of: dict[int, int] = {}
    size_of: dict[int, str | None] = {}
    has_demo = False
    for mid, district_id, population, is_demo, field_key, current in rows:
        values[mid][field_key].append(current)
        district_of[mid] = district_id
        size_of[mid] = size_class_for(population)
        has_demo = has_demo or is_demo
    means = {mid: {k: mean(v) for k, v in by_field.items()} for mid, by_field in values.items()}
    min_group = benchmark_min_group()

    def group(label: str, members: set[int]) -> BenchmarkGroup:
        submitted = [mid for mid in members if mid in means]
        enough = len(submitted) >= min_group
        stats: list[GroupStat | None] = []
        if enough:
            for key in field_keys:
                data = [means[mid][key] for mid in submitted if means[mid].get(key) is not None]
                stats.append(group_stat(data) if data else None)
        return BenchmarkGroup(label=label, count=len(submitted), enough=enough, stats=stats)

    own_size = municipality.size_class
    groups = [
        group(
            _("Kreis: %(name)s") % {"name": municipality.district.name},
            {mid for mid, d in district_of.items() if d == municipality.district_id},
        ),
    ]
    if own_size:
        groups.append(
            group(
                _("Größenklasse: %(label)s Einw.") % {"label": SizeClass(own_size).label},
                {mid for mid, s in size_of.items() if s == own_size},
            )
        )
    for _network_id, name, members in networks:
        groups.append(group(_("Netzwerk: %(name)s") % {"name": name}, members))
    groups.append(
        group(
            _("Region: %(name)s") % {"name": municipality.district.region.name},
            set(means),
        )
    )
    return groups, has_demo


def _networks(*, municipality: Municipality) -> list[tuple[int, str, set[int]]]:
    """The municipality's networks with all their members (two queries)."""
    named = list(
        Network.objects.filter(municipalities=municipality)
        .order_by("name")
        .values_list("id", "name")
    )
    members: dict[int, set[int]] = defaultdict(set)
    through = Network.municipalities.through
    for network_id, municipality_id in through.objects.filter(
        network_id__in=[n for n, _name in named]
    ).values_list("network_id", "municipality_id"):
        members[network_id].add(municipality_id)
    return [(network_id, name, members[network_id]) for network_id, name in named]


def _suggestions(
    *, municipality: Municipality, network_ids: list[int], gaps: list[Gap]
) -> list[Suggestion]:
    """Measures of the municipality's (and its networks') strategies that raise gap criteria."""
    wanted = {gap.code: gap.size for gap in gaps}
    if not wanted:
        return []
    measures = (
        Measure.objects.filter(
            Q(strategy__network_id__in=network_ids) | Q(strategy__municipality=municipality),
            strategy__deleted_at__isnull=True,
        )
        .exclude(strategy__status=StrategyStatus.DRAFT)
        .order_by("strategy__title", "order", "id")
        # Rows, not models: hundreds of measures are read to find the few that match.
        .values_list("key", "title", "raises_criteria", "strategy__slug", "strategy__title")
    )
    found = []
    for key, title, raised, strategy_slug, strategy_title in measures:
        raised = raised if isinstance(raised, list) else []
        hits = [code for code in wanted if code in raised]
        if hits:
            found.append(
                (
                    -sum(wanted[c] for c in hits),
                    len(found),
                    Suggestion(
                        measure_key=key,
                        measure_title=title,
                        strategy_slug=strategy_slug,
                        strategy_title=strategy_title,
                        criteria=hits,
                    ),
                )
            )
    found.sort(key=lambda row: (row[0], row[1]))
    return [row[2] for row in found[:SUGGESTION_COUNT]]


def assessment_results(*, assessment: Assessment) -> Results:
    """Everything the results page shows; the caller has checked `view_assessment`."""
    criteria_set = assessment.criteria_set
    field_rows = criteria_set.fields or []
    field_keys = [row["key"] for row in field_rows]
    titles = criteria_set.field_titles()
    answers = list(
        Answer.objects.filter(assessment=assessment)
        .select_related("criterion")
        .order_by("criterion__order")
    )
    total = Criterion.objects.filter(criteria_set=criteria_set).count()
    cur = _field_means((a.criterion.field, a.current) for a in answers)
    tgt = _field_means((a.criterion.field, a.target) for a in answers)
    fields = [
        FieldResult(key=k, title=titles.get(k, k), current=cur.get(k), target=tgt.get(k))
        for k in field_keys
    ]
    complete = [a for a in answers if a.current is not None and a.target is not None]
    ranked = sorted(
        (a for a in complete if a.target > a.current),
        key=lambda a: (-(a.target - a.current), a.criterion.order),
    )
    gaps = [
        Gap(code=a.criterion.code, title=a.criterion.title, current=a.current, target=a.target)
        for a in ranked[:GAP_COUNT]
    ]
    municipality = assessment.municipality
    networks = _networks(municipality=municipality)
    suggestions = _suggestions(
        municipality=municipality, network_ids=[n[0] for n in networks], gaps=gaps
    )
    benchmarks, peers_demo = _benchmarks(
        assessment=assessment, field_keys=field_keys, networks=networks
    )
    trend_rows = (
        Answer.objects.filter(
            assessment__municipality=municipality,
            assessment__status=AssessmentStatus.SUBMITTED,
            assessment__deleted_at__isnull=True,
            assessment__criteria_set_id=criteria_set.pk,
        )
        .values_list("assessment__year", "criterion__field", "current")
        .order_by("assessment__year")
    )
    by_year: dict[int, list] = defaultdict(list)
    for year, field_key, current in trend_rows:
        by_year[year].append((field_key, current))
    trend = []
    for year in sorted(by_year):
        means = _field_means(by_year[year])
        trend.append(TrendRow(year=year, values=[means.get(k) for k in field_keys]))
    return Results(
        assessment=assessment,
        fields=fields,
        answered=len(complete),
        total=total,
        gaps=gaps,
        suggestions=suggestions,
        benchmarks=benchmarks,
        min_group=benchmark_min_group(),
        trend=trend,
        has_demo=assessment.is_demo or peers_demo,
        field_titles=[titles.get(k, k) for k in field_keys],
        life_areas=[
            row
            for row in life_area_rows(municipality=municipality, assessment=assessment)
            if row.level is not None
        ],
    )
