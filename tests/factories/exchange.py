"""A small published blueprint with every kind of item and link, for the exchange tests."""

from blaupause.strategies.services import strategy_publish
from tests.factories.regions import NetworkFactory
from tests.factories.strategies import (
    FieldOfActionFactory,
    GoalFactory,
    IndicatorFactory,
    LifeAreaFactory,
    MeasureFactory,
    MilestoneFactory,
    StrategyFactory,
    ValueFactory,
)


def published_blueprint(network=None, *, slug="rahmen-test", note="Erste Fassung"):
    """A public network blueprint with two fields, goals, life areas, values, three measures
    (one depending on another), indicators and milestones, published as version 1."""
    network = network or NetworkFactory()
    strategy = StrategyFactory(network=network, slug=slug, is_blueprint=True)
    ValueFactory(strategy=strategy, key="augenhoehe", title="Augenhöhe", order=0)
    ValueFactory(strategy=strategy, key="nutzen", title="Nutzen zuerst", order=1)
    area = LifeAreaFactory(strategy=strategy, key="verwaltung", title="Verwaltung", order=0)
    area_two = LifeAreaFactory(strategy=strategy, key="bildung", title="Bildung", order=1)
    field_a = FieldOfActionFactory(strategy=strategy, key="A", title="Zusammenarbeit", order=0)
    field_b = FieldOfActionFactory(strategy=strategy, key="B", title="Infrastruktur", order=1)
    goal = GoalFactory(field=field_a, key="A-Z1", title="Verlässlich zusammenarbeiten", order=0)
    goal_b = GoalFactory(field=field_b, key="B-Z1", title="Netze ausbauen", order=1)
    first = MeasureFactory(
        field=field_a,
        key="A-M01",
        title="Serviceportal",
        order=0,
        goals=[goal],
        life_areas=[area, area_two],
        prerequisites=[{"kind": "other", "text": "Ein Beschluss des Rates"}],
        references=[{"label": "Beispiel", "url": "https://example.org/portal"}],
        source_ids=["quelle-a"],
    )
    second = MeasureFactory(
        field=field_a,
        key="A-M02",
        title="Gemeinsame Beschaffung",
        order=1,
        goals=[goal],
        depends_on=[first],
    )
    third = MeasureFactory(
        field=field_b,
        key="B-M01",
        title="Glasfaser",
        order=0,
        goals=[goal_b],
        weight="2.5",
        duration_months=18,
    )
    IndicatorFactory(measure=first, name="Angebundene Kommunen", baseline="2.5", target=16)
    IndicatorFactory(measure=third, name="Anschlussquote", unit="%", direction="decrease")
    MilestoneFactory(measure=first, title="Ausschreibung", months_after_start=3)
    MilestoneFactory(
        measure=second, title="Vertrag", months_after_start=None, due_date="2026-05-01"
    )
    strategy_publish(actor=None, strategy=strategy, note=note)
    return strategy
