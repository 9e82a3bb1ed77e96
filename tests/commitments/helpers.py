"""Helpers shared by the commitments tests."""

from tests.factories.commitments import CommitmentFactory, FieldOfActionFactory, MeasureFactory
from tests.factories.regions import MunicipalityFactory


def grow(world, *, factor=10):
    """Ten times the measures and municipalities, every new member committed to every measure."""
    members = MunicipalityFactory.create_batch(
        factor * 3, district=world.district, with_geometry=True
    )
    world.network.municipalities.add(*members)
    fields = [FieldOfActionFactory(strategy=world.strategy) for _ in range(3)]
    measures = [
        MeasureFactory(strategy=world.strategy, field=fields[i % 3]) for i in range(factor * 3)
    ]
    for measure in measures[:10]:
        measure.goals.add(world.goal)
    for municipality in members[:10]:
        for measure in [world.m1, *measures[:10]]:
            CommitmentFactory(municipality=municipality, measure=measure, is_public=False)
    return members, measures
