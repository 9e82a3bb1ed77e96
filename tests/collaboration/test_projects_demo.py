"""Demo projects: created through the services, with commitments, and loaded only once."""

import pytest

from blaupause.collaboration import demo_projects
from blaupause.collaboration.models import JointProject
from blaupause.commitments.models import Commitment
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.commitments import FieldOfActionFactory, MeasureFactory, StrategyFactory
from tests.factories.regions import DistrictFactory, MunicipalityFactory, NetworkFactory

pytestmark = pytest.mark.django_db

AGS = {
    "05766020": "Detmold",
    "05766044": "Lemgo",
    "05766040": "Lage",
    "05766032": "Horn-Bad Meinberg",
    "05766016": "Blomberg",
    "05766008": "Bad Salzuflen",
    "05766056": "Oerlinghausen",
    "05766012": "Barntrup",
    "05766060": "Schieder-Schwalenberg",
    "05766052": "Lügde",
}


def test_demo_projects_are_created_once_with_commitments():
    district = DistrictFactory(ags="05766", name="Kreis Lippe")
    network = NetworkFactory(slug="lippe", region=district.region, district=district)
    for ags, name in AGS.items():
        network.municipalities.add(
            MunicipalityFactory(ags=ags, name=name, district=district, population=20_000)
        )
    strategy = StrategyFactory(slug="lippe-lebt-digitalisierung", network=network)
    field = FieldOfActionFactory(strategy=strategy)
    for key in ("B-M04", "A-M07", "B-M07"):
        MeasureFactory(strategy=strategy, field=field, key=key)
    admin = UserFactory(email="admin@digitalbuero-owl.example")
    MembershipFactory(user=admin, role="regional_admin", region=district.region)

    assert demo_projects.load_demo_projects() == 3
    assert demo_projects.load_demo_projects() == 0
    assert JointProject.objects.filter(is_demo=True).count() == 3
    isms = JointProject.objects.get(measure__key="B-M04")
    assert isms.partners.filter(status="accepted").count() == 4
    roles = dict(
        Commitment.objects.filter(measure=isms.measure).values_list("municipality__name", "role")
    )
    assert roles == {
        "Detmold": "lead",
        "Lemgo": "partner",
        "Lage": "partner",
        "Horn-Bad Meinberg": "partner",
    }
    platform = JointProject.objects.get(measure__key="A-M07")
    assert platform.cost_split == "custom"
    assert "Demo-Inhalt" in platform.summary
