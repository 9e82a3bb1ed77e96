"""A small world for reports: a network of two municipalities with a geometry, its strategy
with two fields and three measures, one public and one internal commitment."""

from dataclasses import dataclass

from django.core.cache import cache

import pytest

from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.commitments import CommitmentFactory
from tests.factories.regions import (
    DistrictFactory,
    MunicipalityFactory,
    NetworkFactory,
    RegionFactory,
)
from tests.factories.strategies import (
    FieldOfActionFactory,
    GoalFactory,
    MeasureFactory,
    StrategyFactory,
    ValueFactory,
)

NOTICE = "Diese Fassung ist aus öffentlichen Quellen rekonstruiert."
SECRET = "Geheimprojekt Glasfaser"


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    district: object
    home: object
    peer: object
    network: object
    strategy: object
    public_measure: object
    secret_measure: object
    cdo: object


@pytest.fixture
def world(db):
    region = RegionFactory()
    district = DistrictFactory(region=region, slug="kreis-beispiel", name="Kreis Beispiel")
    home = MunicipalityFactory(district=district, with_geometry=True, name="Heimstadt")
    peer = MunicipalityFactory(district=district, with_geometry=True, name="Nachbardorf")
    network = NetworkFactory(region=region, district=district, slug="netz-beispiel")
    network.municipalities.add(home, peer)
    strategy = StrategyFactory(
        network=network,
        slug="rahmen-beispiel",
        title="Rahmenstrategie Beispiel",
        reconstruction_notice=NOTICE,
    )
    ValueFactory(strategy=strategy, title="Augenhöhe")
    field_a = FieldOfActionFactory(strategy=strategy, key="A", title="Zusammenarbeit", order=1)
    field_b = FieldOfActionFactory(strategy=strategy, key="B", title="Infrastruktur", order=2)
    goal = GoalFactory(field=field_a, title="Gemeinsam lernen")
    public_measure = MeasureFactory(
        field=field_a, key="A-M01", title="Austausch der Digitalverantwortlichen", goals=[goal]
    )
    MeasureFactory(field=field_a, key="A-M02", title="Gemeinsame Roadmap")
    secret_measure = MeasureFactory(field=field_b, key="B-M01", title=SECRET)
    CommitmentFactory(municipality=home, measure=public_measure, progress=60)
    CommitmentFactory(
        municipality=home, measure=secret_measure, progress=90, is_public=False, note=SECRET
    )
    cdo = UserFactory()
    MembershipFactory(user=cdo, role="cdo", municipality=home)
    return World(
        district=district,
        home=home,
        peer=peer,
        network=network,
        strategy=strategy,
        public_measure=public_measure,
        secret_measure=secret_measure,
        cdo=cdo,
    )
