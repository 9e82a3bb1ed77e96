"""The public strategy page: the tree with progress, filtered in Python by the URL filters."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ..models import (
    FieldOfAction,
    Measure,
    Strategy,
    StrategyVersion,
)
from .content import StrategyContent, strategy_content

# --- the strategy page -------------------------------------------------------------------------


ADOPTION_NONE = "ohne"
ADOPTION_SOME = "beteiligt"
ADOPTION_DONE = "umgesetzt"


@dataclass(frozen=True)
class MeasureFilters:
    """The filters of the strategy page, as they appear in its URL."""

    field: str = ""  # key of a field of action
    life_area: str = ""  # key of a life area
    goal: str = ""  # key of a goal
    adoption: str = ""  # ADOPTION_*
    text: str = ""

    @property
    def active(self) -> bool:
        return any((self.field, self.life_area, self.goal, self.adoption, self.text))


def _fold(text: str) -> str:
    """Case- and accent-insensitive text for the search ("Buergerportal" finds "Bürgerportal")."""
    text = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("ß", "ss")
    return unicodedata.normalize("NFKD", text)


def _measure_text(measure: Measure) -> str:
    parts = [
        measure.key,
        measure.title,
        measure.summary,
        measure.description,
        measure.responsible_role,
        " ".join(measure.tags or []),
    ]
    return _fold(" ".join(part for part in parts if part))


def _matches(measure: Measure, filters: MeasureFilters, rollup) -> bool:
    if filters.field and (measure.field_obj is None or measure.field_obj.key != filters.field):
        return False
    if filters.life_area and filters.life_area not in {a.key for a in measure.life_area_list}:
        return False
    if filters.goal and filters.goal not in {g.key for g in measure.goal_list}:
        return False
    if filters.adoption and rollup is not None:
        committed = getattr(rollup, "committed", 0) or 0
        done = getattr(rollup, "done", 0) or 0
        if filters.adoption == ADOPTION_NONE and committed:
            return False
        if filters.adoption == ADOPTION_SOME and not committed:
            return False
        if filters.adoption == ADOPTION_DONE and not done:
            return False
    if filters.text:
        haystack = _measure_text(measure)
        if not all(word in haystack for word in _fold(filters.text).split()):
            return False
    return True


@dataclass
class StrategyPage:
    content: StrategyContent
    latest_version: StrategyVersion | None
    rollup: object | None = None  # commitments.selectors.StrategyRollup, when available
    filters: MeasureFilters = field(default_factory=MeasureFilters)
    shown_measures: list[Measure] = field(default_factory=list)

    @property
    def strategy(self) -> Strategy:
        return self.content.strategy

    @property
    def total_measures(self) -> int:
        return len(self.content.measures)

    def apply(self, filters: MeasureFilters) -> None:
        """Keep the measures that pass `filters` (in Python: no query)."""
        self.filters = filters
        self.shown_measures = [
            measure
            for measure in self.content.measures
            if _matches(measure, filters, getattr(measure, "rollup", None))
        ]
        shown = {measure.pk for measure in self.shown_measures}
        for item in self.content.fields:
            item.shown_measures = [m for m in item.measure_list if m.pk in shown]

    @property
    def shown_fields(self) -> list[FieldOfAction]:
        """Fields with measures passing the filters (all fields when nothing is filtered)."""
        return [
            item
            for item in self.content.fields
            if not self.filters.active or getattr(item, "shown_measures", None)
        ]


def strategy_page(*, strategy: Strategy, viewer=None, with_progress: bool = True) -> StrategyPage:
    """The public strategy page: the whole tree and the latest version; `apply()` filters.

    With `with_progress`, the roll-ups of the commitments app (as `viewer` may see them) are
    attached to fields, goals and measures as `.rollup`; they make the adoption filter work.
    """
    from ..progress import strategy_rollup

    content = strategy_content(strategy=strategy)
    rollup = None
    if with_progress:
        rollup = strategy_rollup(strategy=strategy, viewer=viewer, measures=content.measures)
    if rollup is not None:
        _attach_rollup(content, rollup)
    latest = (
        StrategyVersion.objects.filter(strategy=strategy)
        .select_related("published_by")
        .defer("snapshot")
        .order_by("-number")
        .first()
    )
    page = StrategyPage(content=content, latest_version=latest, rollup=rollup)
    page.apply(MeasureFilters())
    return page


def _lookup(rollup, method: str, table: str):
    """`rollup.field(id)` where the roll-up offers it (empty roll-ups for missing ids), else a
    lookup in its `by_field` table."""
    function = getattr(rollup, method, None)
    if callable(function):
        return function
    return (getattr(rollup, table, None) or {}).get


def _attach_rollup(content: StrategyContent, rollup) -> None:
    for_field = _lookup(rollup, "field", "by_field")
    for_goal = _lookup(rollup, "goal", "by_goal")
    for_measure = _lookup(rollup, "measure", "by_measure")
    for item in content.fields:
        item.rollup = for_field(item.pk)
    for goal in content.goals:
        goal.rollup = for_goal(goal.pk)
    for measure in content.measures:
        measure.rollup = for_measure(measure.pk)
