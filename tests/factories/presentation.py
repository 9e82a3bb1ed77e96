"""A network strategy shaped like the Lippe blueprint, small enough for tests of the deck."""

from tests.factories.commitments import CommitmentFactory
from tests.factories.regions import DistrictFactory, MunicipalityFactory, NetworkFactory
from tests.factories.strategies import (
    FieldOfActionFactory,
    GoalFactory,
    MeasureFactory,
    StrategyFactory,
    ValueFactory,
)


def presentation_strategy(*, fields: int = 2, measures_per_field: int = 3, members: int = 4, **kw):
    """A network of `members` municipalities and its strategy with values, goals and measures.

    In every field the first measure is taken up by all members, the second by one member;
    the others have no commitment. Keyword arguments go to the strategy.
    """
    district = DistrictFactory()
    network = NetworkFactory(region=district.region, district=district)
    towns = [MunicipalityFactory(district=district) for _ in range(members)]
    network.municipalities.add(*towns)
    strategy = StrategyFactory(network=network, **kw)
    ValueFactory(strategy=strategy, title="Gemeinsam", explanation="Wir teilen, was wir bauen.")
    ValueFactory(strategy=strategy, title="Offen", explanation="Alles ist nachvollziehbar.")
    for index in range(fields):
        field = FieldOfActionFactory(strategy=strategy, key=chr(ord("A") + index))
        goal = GoalFactory(field=field, key=f"{field.key}-Z1")
        for number in range(1, measures_per_field + 1):
            measure = MeasureFactory(
                field=field, key=f"{field.key}-M{number:02d}", goals=[goal], order=number
            )
            if number == 1:
                for town in towns:
                    CommitmentFactory(municipality=town, measure=measure, progress=50)
            elif number == 2:
                CommitmentFactory(municipality=towns[0], measure=measure, progress=10)
    return strategy
