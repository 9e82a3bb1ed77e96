"""Strategies with their whole tree, measures and roll-ups (public; drafts for their editors)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from ninja import Query, Router

from blaupause.commitments.selectors import strategy_rollup
from blaupause.strategies import selectors
from blaupause.strategies.snapshot import Refs, refs_for, serialize_item, serialize_strategy

from ..auth import optional_auth
from ..caching import set_last_modified
from ..pagination import Page, PageParams, page
from ..schemas.common import key_path, read, slug_path
from ..schemas.strategies import (
    MeasureDetailOut,
    StrategyDetailOut,
    StrategyOut,
    StrategyRollupOut,
)

router = Router(tags=["Strategien"], auth=optional_auth)


def _owner(strategy) -> dict:
    return serialize_strategy(strategy)["owner"]


def _strategy_row(strategy) -> dict:
    return {
        "uuid": strategy.uuid,
        "slug": strategy.slug,
        "title": strategy.title,
        "slogan": strategy.slogan,
        "status": strategy.status,
        "is_blueprint": strategy.is_blueprint,
        "owner": _owner(strategy),
        "adopted_on": strategy.adopted_on,
        "field_count": strategy.field_count,
        "measure_count": strategy.measure_count,
        "updated_at": strategy.updated_at,
    }


def _measure(measure, refs: Refs, indicators, milestones) -> dict:
    links = {
        "life_areas": [item.pk for item in getattr(measure, "life_area_list", [])],
        "goals": [item.pk for item in getattr(measure, "goal_list", [])],
        "depends_on": [item.pk for item in getattr(measure, "depends_on_list", [])],
    }
    data = serialize_item("measure", measure, refs, links)
    data["indicators"] = [serialize_item("indicator", item, refs) for item in indicators]
    data["milestones"] = [serialize_item("milestone", item, refs) for item in milestones]
    return data


@router.get("/strategies/", response=read(Page[StrategyOut]), summary="Strategien")
def strategy_list(request: HttpRequest, response: HttpResponse, params: Query[PageParams]):
    result = page(selectors.strategy_list(viewer=request.auth), params, _strategy_row)
    set_last_modified(response, *(row["updated_at"] for row in result["items"]))
    return result


@router.get("/strategies/{slug}", response=read(StrategyDetailOut), summary="Eine Strategie, ganz")
def strategy_detail(request: HttpRequest, response: HttpResponse, slug: str = slug_path()):
    strategy = selectors.strategy_get(slug=slug, viewer=request.auth)
    content = selectors.strategy_content(strategy=strategy, children=True)
    refs = refs_for(content)
    fields = []
    for field in content.fields:
        data = serialize_item("field", field, refs)
        data["goals"] = [serialize_item("goal", goal, refs) for goal in field.goal_list]
        data["measures"] = [
            _measure(m, refs, m.indicator_list, m.milestone_list) for m in field.measure_list
        ]
        fields.append(data)
    set_last_modified(
        response, strategy.updated_at, *(item.updated_at for item in content.measures)
    )
    return {
        **serialize_strategy(strategy),
        "updated_at": strategy.updated_at,
        "values": [serialize_item("value", value, refs) for value in content.values],
        "fields": fields,
    }


@router.get(
    "/strategies/{slug}/measures/{key}", response=read(MeasureDetailOut), summary="Eine Maßnahme"
)
def measure_detail(
    request: HttpRequest, response: HttpResponse, slug: str = slug_path(), key: str = key_path()
):
    strategy = selectors.strategy_get(slug=slug, viewer=request.auth)
    measure_page = selectors.measure_page(strategy=strategy, key=key)
    measure = measure_page.measure
    refs = Refs(
        fields={measure.field_id: measure.field.key},
        life_areas={item.pk: item.key for item in measure_page.life_areas},
        goals={item.pk: item.key for item in measure_page.goals},
        measures={
            measure.pk: measure.key,
            **{item.pk: item.key for item in measure_page.depends_on},
        },
    )
    measure.life_area_list = measure_page.life_areas
    measure.goal_list = measure_page.goals
    measure.depends_on_list = measure_page.depends_on
    data = _measure(measure, refs, measure_page.indicators, measure_page.milestones)
    set_last_modified(response, measure.updated_at)
    return {
        **data,
        "strategy": strategy.slug,
        "benefit_citizens": measure.benefit_citizens,
        "benefit_administration": measure.benefit_administration,
        "updated_at": measure.updated_at,
    }


def _rollup(value) -> dict:
    return {
        "municipality_count": value.municipality_count,
        "committed": value.committed,
        "commitment_count": value.commitment_count,
        "by_status": dict(value.by_status),
        "percent": value.percent,
        "measure_count": value.measure_count,
        "measures_committed": value.measures_committed,
        "demo": value.demo,
    }


@router.get(
    "/strategies/{slug}/rollup",
    response=read(StrategyRollupOut),
    summary="Fortschritt einer Strategie je Handlungsfeld und Maßnahme",
)
def strategy_rollup_detail(request: HttpRequest, slug: str = slug_path()):
    strategy = selectors.strategy_get(slug=slug, viewer=request.auth)
    content = selectors.strategy_content(strategy=strategy)
    rollup = strategy_rollup(strategy=strategy, viewer=request.auth, measures=content.measures)
    return {
        "strategy": strategy.slug,
        "total": _rollup(rollup.total),
        "fields": [
            {"uuid": f.uuid, "key": f.key, "title": f.title, "rollup": _rollup(rollup.field(f.pk))}
            for f in content.fields
        ],
        "measures": [
            {
                "uuid": m.uuid,
                "key": m.key,
                "title": m.title,
                "rollup": _rollup(rollup.measure(m.pk)),
            }
            for m in content.measures
        ],
    }
