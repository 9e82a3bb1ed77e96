import factory
from factory.django import DjangoModelFactory

from blaupause.strategies.constants import StrategyStatus
from blaupause.strategies.models import (
    FieldOfAction,
    Goal,
    Indicator,
    LifeArea,
    Measure,
    Milestone,
    Strategy,
    Value,
)
from tests.factories.regions import NetworkFactory

SOURCES = [
    {"id": "quelle-a", "title": "Quelle A", "url": "https://example.org/a", "accessed": "2026-11"},
    {"id": "quelle-b", "title": "Quelle B", "url": "https://example.org/b", "accessed": "2026-11"},
]


class StrategyFactory(DjangoModelFactory):
    """A network's framework strategy; pass `municipality=…, network=None` for a municipal one."""

    class Meta:
        model = Strategy

    slug = factory.Sequence(lambda n: f"strategie-{n}")
    title = factory.Sequence(lambda n: f"Rahmenstrategie {n}")
    slogan = "Gemeinsam digital."
    vision = "Alle Kommunen arbeiten zusammen."
    network = factory.SubFactory(NetworkFactory)
    status = StrategyStatus.ADOPTED
    adopted_body = "Bürgermeisterkonferenz"
    sources = factory.LazyFunction(lambda: [dict(row) for row in SOURCES])


class ValueFactory(DjangoModelFactory):
    class Meta:
        model = Value

    strategy = factory.SubFactory(StrategyFactory)
    key = factory.Sequence(lambda n: f"wert-{n}")
    title = factory.Sequence(lambda n: f"Wert {n}")
    explanation = "Wir arbeiten auf Augenhöhe."
    order = factory.Sequence(lambda n: n)


class LifeAreaFactory(DjangoModelFactory):
    class Meta:
        model = LifeArea

    strategy = factory.SubFactory(StrategyFactory)
    key = factory.Sequence(lambda n: f"bereich-{n}")
    title = factory.Sequence(lambda n: f"Lebensbereich {n}")
    order = factory.Sequence(lambda n: n)


class FieldOfActionFactory(DjangoModelFactory):
    class Meta:
        model = FieldOfAction

    strategy = factory.SubFactory(StrategyFactory)
    key = factory.Sequence(lambda n: f"F{n}")
    title = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    description = "Worum es in diesem Feld geht."
    order = factory.Sequence(lambda n: n)


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    field = factory.SubFactory(FieldOfActionFactory)
    strategy = factory.SelfAttribute("field.strategy")
    key = factory.Sequence(lambda n: f"Z{n}")
    title = factory.Sequence(lambda n: f"Ziel {n}")
    order = factory.Sequence(lambda n: n)


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = Measure
        skip_postgeneration_save = True

    field = factory.SubFactory(FieldOfActionFactory)
    strategy = factory.SelfAttribute("field.strategy")
    key = factory.Sequence(lambda n: f"M{n:03d}")
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    summary = "Kurz gesagt: gemeinsam besser."
    description = "Die Kommunen setzen gemeinsam ein Serviceportal auf."
    effort = "mittel"
    cost_band = "unter 10.000 €"
    start_year = 2025
    end_year = 2027
    responsible_role = "Netzwerk-Koordination"
    tags = factory.LazyFunction(lambda: ["OZG"])
    raises_criteria = factory.LazyFunction(lambda: ["A1"])
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def goals(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.goals.set(extracted)

    @factory.post_generation
    def life_areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.life_areas.set(extracted)

    @factory.post_generation
    def depends_on(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.depends_on.set(extracted)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    measure = factory.SubFactory(MeasureFactory)
    name = factory.Sequence(lambda n: f"Kennzahl {n}")
    unit = "Kommunen"
    target = 16
    order = factory.Sequence(lambda n: n)


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    measure = factory.SubFactory(MeasureFactory)
    title = factory.Sequence(lambda n: f"Meilenstein {n}")
    months_after_start = 6
    order = factory.Sequence(lambda n: n)
