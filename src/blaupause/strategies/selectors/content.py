"""Strategies and the whole tree of one strategy, read with one query per table."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from ..constants import StrategyStatus
from ..models import (
    FieldOfAction,
    Goal,
    Indicator,
    LifeArea,
    Measure,
    Milestone,
    Strategy,
    Value,
)

_STRATEGY_RELATED = ("network__region", "municipality__district")


# --- strategies --------------------------------------------------------------------------------


def strategy_get(*, slug: str, viewer=None) -> Strategy:
    """One strategy with its owner loaded; 404 when unknown, 403 when a draft is not for `viewer`.

    With `viewer=None` no visibility check is made (services and edit views check the change
    permission themselves).
    """
    strategy = Strategy.objects.select_related(*_STRATEGY_RELATED).filter(slug=slug).first()
    if strategy is None:
        raise Http404(_("Diese Strategie gibt es nicht."))
    if viewer is not None and not viewer.has_perm("strategies.view_strategy", strategy):
        raise PermissionDenied(
            _("Diese Strategie ist ein Entwurf und nur für die Bearbeitenden sichtbar.")
        )
    return strategy


def _visible_to(viewer) -> Q:
    public = ~Q(status=StrategyStatus.DRAFT)
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return public
    if viewer.is_superuser:
        return Q()
    roles = viewer.roles
    return (
        public
        | Q(network_id__in=roles.coordinated_network_ids)
        | Q(municipality_id__in=roles.cdo_municipality_ids)
        | Q(network__region_id__in=roles.regional_admin_region_ids)
        | Q(municipality__district__region_id__in=roles.regional_admin_region_ids)
    )


def _live_count(model, **filters) -> Subquery:
    """The number of undeleted `model` rows of the outer strategy, as a correlated subquery
    (two COUNT DISTINCTs over joins multiply measures by fields: seconds at 400 strategies)."""
    rows = (
        model.objects.filter(strategy=OuterRef("pk"), deleted_at__isnull=True, **filters)
        .order_by()
        .values("strategy")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def strategy_list(*, viewer) -> QuerySet[Strategy]:
    """Strategies the viewer may see, with owner and the number of measures and fields."""
    return (
        Strategy.objects.filter(_visible_to(viewer))
        .select_related(*_STRATEGY_RELATED)
        .defer("municipality__geometry")
        .annotate(measure_count=_live_count(Measure), field_count=_live_count(FieldOfAction))
        .order_by("-is_blueprint", "title", "pk")
    )


# --- the whole tree of a strategy --------------------------------------------------------------


@dataclass
class StrategyContent:
    """Everything a strategy consists of, each item list in display order, links resolved.

    Measures carry `life_area_list`, `goal_list`, `depends_on_list`, `required_by_list` (and,
    with children, `indicator_list`, `milestone_list`); fields carry `goal_list` and
    `measure_list`; goals carry `measure_list`.
    """

    strategy: Strategy
    values: list[Value]
    life_areas: list[LifeArea]
    fields: list[FieldOfAction]
    goals: list[Goal]
    measures: list[Measure]
    indicators: list[Indicator] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)

    def field_by_id(self) -> dict[int, FieldOfAction]:
        return {item.pk: item for item in self.fields}


def _links(through, source: str, target: str, measure_ids) -> dict[int, list[int]]:
    rows = through.objects.filter(**{f"{source}__in": measure_ids}).values_list(
        f"{source}_id", f"{target}_id"
    )
    links: dict[int, list[int]] = defaultdict(list)
    for measure_id, target_id in rows:
        links[measure_id].append(target_id)
    return links


def strategy_content(*, strategy: Strategy, children: bool = False) -> StrategyContent:
    """The tree of one strategy: 6 queries for the items and their links, 2 more with children.

    Soft-deleted items are left out, and so are links to them.
    """
    values = list(Value.objects.filter(strategy=strategy))
    life_areas = list(LifeArea.objects.filter(strategy=strategy))
    fields = list(FieldOfAction.objects.filter(strategy=strategy))
    goals = list(Goal.objects.filter(strategy=strategy))
    measures = list(
        Measure.objects.filter(strategy=strategy).order_by("field__order", "order", "key")
    )
    # Many-to-many links of all measures at once, joined to the rows already loaded above.
    measure_ids = [measure.pk for measure in measures]
    through_rows = {
        "life_areas": _links(Measure.life_areas.through, "measure", "lifearea", measure_ids),
        "goals": _links(Measure.goals.through, "measure", "goal", measure_ids),
        "depends_on": _links(Measure.depends_on.through, "from_measure", "to_measure", measure_ids),
    }
    _join(fields, goals, measures, life_areas, through_rows)
    content = StrategyContent(
        strategy=strategy,
        values=values,
        life_areas=life_areas,
        fields=fields,
        goals=goals,
        measures=measures,
    )
    if children:
        content.indicators = list(Indicator.objects.filter(measure__in=measure_ids))
        content.milestones = list(Milestone.objects.filter(measure__in=measure_ids))
        by_measure = {measure.pk: measure for measure in measures}
        for measure in measures:
            measure.indicator_list = []
            measure.milestone_list = []
        for indicator in content.indicators:
            by_measure[indicator.measure_id].indicator_list.append(indicator)
            indicator.measure = by_measure[indicator.measure_id]
        for milestone in content.milestones:
            by_measure[milestone.measure_id].milestone_list.append(milestone)
            milestone.measure = by_measure[milestone.measure_id]
    return content


def _join(fields, goals, measures, life_areas, through_rows) -> None:
    field_by_id = {item.pk: item for item in fields}
    goal_by_id = {item.pk: item for item in goals}
    area_by_id = {item.pk: item for item in life_areas}
    measure_by_id = {item.pk: item for item in measures}
    for item in fields:
        item.goal_list = []
        item.measure_list = []
    for goal in goals:
        goal.measure_list = []
        goal.field_obj = field_by_id.get(goal.field_id)
        if goal.field_obj is not None:
            goal.field_obj.goal_list.append(goal)
    for measure in measures:
        measure.field_obj = field_by_id.get(measure.field_id)
        if measure.field_obj is not None:
            measure.field_obj.measure_list.append(measure)
        measure.life_area_list = _ordered(
            area_by_id, through_rows["life_areas"].get(measure.pk, [])
        )
        measure.goal_list = _ordered(goal_by_id, through_rows["goals"].get(measure.pk, []))
        for goal in measure.goal_list:
            goal.measure_list.append(measure)
        measure.depends_on_list = _ordered(
            measure_by_id, through_rows["depends_on"].get(measure.pk, [])
        )
        measure.required_by_list = []
    for measure in measures:
        for required in measure.depends_on_list:
            required.required_by_list.append(measure)


def _ordered(by_id: dict, ids: list[int]) -> list:
    """The live objects among `ids`, in the order of `by_id` (display order)."""
    wanted = set(ids)
    return [item for pk, item in by_id.items() if pk in wanted]
