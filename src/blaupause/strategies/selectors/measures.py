"""Everything about one measure for its page."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from ..criteria import criteria
from ..models import (
    Goal,
    Indicator,
    LifeArea,
    Measure,
    Milestone,
    Strategy,
)

# --- the measure page --------------------------------------------------------------------------


@dataclass
class PrerequisiteRow:
    kind: str
    text: str
    criterion: str = ""
    criterion_title: str = ""
    min_level: int | None = None


@dataclass
class MeasurePage:
    strategy: Strategy
    measure: Measure
    life_areas: list[LifeArea]
    goals: list[Goal]
    depends_on: list[Measure]
    required_by: list[Measure]
    indicators: list[Indicator]
    milestones: list[Milestone]
    prerequisites: list[PrerequisiteRow]
    raises_criteria: list[tuple[str, str]]
    sources: list[dict]


def measure_get(*, strategy: Strategy, key: str) -> Measure:
    measure = Measure.objects.filter(strategy=strategy, key=key).select_related("field").first()
    if measure is None:
        raise Http404(_("Diese Maßnahme gibt es in dieser Strategie nicht."))
    measure.strategy = strategy
    return measure


def measure_page(*, strategy: Strategy, key: str) -> MeasurePage:
    """Everything about one measure: 8 queries, whatever the number of links and children."""
    measure = measure_get(strategy=strategy, key=key)
    known = criteria()
    prerequisites = [
        PrerequisiteRow(
            kind=row.get("kind", "other"),
            text=row.get("text", ""),
            criterion=row.get("criterion") or "",
            criterion_title=known[row["criterion"]].title if row.get("criterion") in known else "",
            min_level=row.get("min_level"),
        )
        for row in measure.prerequisites or []
        if isinstance(row, dict)
    ]
    sources_by_id = {row.get("id"): row for row in strategy.sources or [] if isinstance(row, dict)}
    reference_urls = {row.get("url") for row in measure.references or [] if isinstance(row, dict)}
    return MeasurePage(
        strategy=strategy,
        measure=measure,
        life_areas=list(measure.life_areas.all()),
        goals=list(measure.goals.select_related("field")),
        depends_on=list(measure.depends_on.all().order_by("key")),
        required_by=list(
            Measure.objects.filter(depends_on=measure, strategy=strategy).order_by("key")
        ),
        indicators=list(measure.indicators.all()),
        milestones=list(measure.milestones.all()),
        prerequisites=prerequisites,
        raises_criteria=[
            (criterion_id, known[criterion_id].title if criterion_id in known else "")
            for criterion_id in measure.raises_criteria or []
        ],
        # Sources that are also listed as references appear once, as a reference.
        sources=[
            sources_by_id[sid]
            for sid in measure.source_ids or []
            if sid in sources_by_id and sources_by_id[sid].get("url") not in reference_urls
        ],
    )
