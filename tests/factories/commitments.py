"""Factories for commitments and the strategy items they point to.

The strategy factories here are the small chain a commitment needs (strategy of a network →
field → measure → indicator); `MeasureFactory(strategy__network=…)` builds it in one call.
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from blaupause.commitments.models import Commitment, EvidenceFile, IndicatorValue
from blaupause.strategies.models import FieldOfAction, Goal, Indicator, Measure, Strategy
from tests.factories.regions import MunicipalityFactory, NetworkFactory


class StrategyFactory(DjangoModelFactory):
    class Meta:
        model = Strategy

    slug = factory.Sequence(lambda n: f"strategie-{n}")
    title = factory.Sequence(lambda n: f"Strategie {n}")
    network = factory.SubFactory(NetworkFactory)
    status = "adopted"


class FieldOfActionFactory(DjangoModelFactory):
    class Meta:
        model = FieldOfAction

    strategy = factory.SubFactory(StrategyFactory)
    key = factory.Sequence(lambda n: f"F{n}")
    title = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    order = factory.Sequence(lambda n: n)


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    strategy = factory.SubFactory(StrategyFactory)
    field = factory.SubFactory(FieldOfActionFactory, strategy=factory.SelfAttribute("..strategy"))
    key = factory.Sequence(lambda n: f"Z{n}")
    title = factory.Sequence(lambda n: f"Ziel {n}")


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = Measure

    strategy = factory.SubFactory(StrategyFactory)
    field = factory.SubFactory(FieldOfActionFactory, strategy=factory.SelfAttribute("..strategy"))
    key = factory.Sequence(lambda n: f"M{n:03d}")
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    order = factory.Sequence(lambda n: n)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    measure = factory.SubFactory(MeasureFactory)
    name = factory.Sequence(lambda n: f"Kennzahl {n}")
    unit = "Anzahl"


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = Commitment

    municipality = factory.SubFactory(MunicipalityFactory)
    measure = factory.SubFactory(MeasureFactory)
    role = "partner"
    status = "in_progress"
    progress = 40
    start_date = datetime.date(2025, 1, 1)
    end_date = datetime.date(2026, 12, 31)


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    commitment = factory.SubFactory(CommitmentFactory)
    indicator = factory.SubFactory(
        IndicatorFactory, measure=factory.SelfAttribute("..commitment.measure")
    )
    recorded_on = datetime.date(2025, 6, 30)
    value = 10


PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


class EvidenceFileFactory(DjangoModelFactory):
    """A stored PDF attached to a commitment (written to the test media folder)."""

    class Meta:
        model = EvidenceFile

    commitment = factory.SubFactory(CommitmentFactory)
    file = factory.django.FileField(filename="nachweis.pdf", data=PDF_BYTES)
    original_name = "Beschluss.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    title = ""
