"""Adopting a published blueprint version: a faithful copy with lineage, for the right people."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

import pytest

from blaupause.core.models import AuditEvent
from blaupause.strategies import services as strategy_services
from blaupause.strategies.constants import StrategyStatus
from blaupause.strategies.models import Indicator, Measure, Milestone, Strategy
from blaupause.strategies.selectors import strategy_content
from blaupause.strategies.snapshot import build_snapshot
from blaupause.transfer import services
from blaupause.transfer.models import Adoption, ItemOrigin
from tests.factories.transfer import make_adopted, make_blueprint_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def blueprint_world(db, settings):
    settings.BLAUPAUSE_MFA_REQUIRED_ROLES = []
    return make_blueprint_world()


@pytest.fixture
def adopted(blueprint_world):
    return make_adopted(blueprint_world)


def _without_identity(snapshot: dict) -> dict:
    """The snapshot without UUIDs, slugs and owner: what must be equal in a faithful copy."""
    result = {}
    for section, items in snapshot.items():
        if section in {"format", "strategy"}:
            continue
        result[section] = [{k: v for k, v in item.items() if k != "uuid"} for item in items]
    return result


def test_the_copy_holds_every_item_and_link_of_the_version(adopted):
    strategy = adopted["strategy"]
    assert strategy.status == StrategyStatus.DRAFT
    assert strategy.network == adopted["adopter"]
    assert strategy.builds_on == adopted["blueprint"]
    copy = build_snapshot(strategy_content(strategy=strategy, children=True))
    original = adopted["version"].snapshot
    assert _without_identity(copy) == _without_identity(original)
    assert copy["strategy"]["vision"] == original["strategy"]["vision"]
    # New identities everywhere, links point to the copies.
    original_uuids = {
        i["uuid"] for s in original if s not in {"format", "strategy"} for i in original[s]
    }
    copy_uuids = {i["uuid"] for s in copy if s not in {"format", "strategy"} for i in copy[s]}
    assert not original_uuids & copy_uuids
    second = Measure.objects.get(strategy=strategy, key="B-M01")
    assert [m.strategy_id for m in second.depends_on.all()] == [strategy.pk]
    assert second.field.strategy_id == strategy.pk
    first = Measure.objects.get(strategy=strategy, key="A-M01")
    assert {g.strategy_id for g in first.goals.all()} == {strategy.pk}
    assert {a.strategy_id for a in first.life_areas.all()} == {strategy.pk}
    assert Indicator.objects.get(measure__strategy=strategy).name == "Verfahren online"
    assert Milestone.objects.get(measure__strategy=strategy).title == "Vertrag unterschrieben"
    # One history row per copied measure, with its links.
    assert Measure.history.filter(id=second.pk).count() == 1


def test_every_copied_item_remembers_its_origin(adopted):
    strategy, version = adopted["strategy"], adopted["version"]
    adoption = Adoption.objects.get(strategy=strategy)
    assert adoption.source == adopted["blueprint"]
    assert adoption.source_version == version
    assert adoption.synced_version == version
    origins = {str(o.source_uuid): o for o in ItemOrigin.objects.filter(adoption=adoption)}
    snapshot = version.snapshot
    for section in (
        "values",
        "life_areas",
        "fields",
        "goals",
        "measures",
        "indicators",
        "milestones",
    ):
        for item in snapshot[section]:
            origin = origins.pop(item["uuid"])
            assert origin.base == item
            assert origin.base_version == version.number
    assert origins == {}
    copied = Measure.objects.get(strategy=strategy, key="A-M01")
    assert ItemOrigin.objects.get(item_uuid=copied.uuid).source_uuid == adopted["first"].uuid
    assert AuditEvent.objects.filter(verb="blueprint.adopted").count() == 1


def test_the_copy_comes_from_the_version_not_from_unpublished_edits(blueprint_world):
    world = blueprint_world
    first = world["first"]
    strategy_services.item_update(
        actor=None, item=first, values={"title": "Unveröffentlicht"}, expected_version=first.version
    )
    strategy = services.blueprint_adopt(
        actor=world["people"]["coordinator"], network=world["adopter"], version=world["version"]
    )
    assert Measure.objects.get(strategy=strategy, key="A-M01").title == "Gemeinsames Serviceportal"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("coordinator", True),
        ("regional admin", True),
        ("coordinator elsewhere", False),
        ("cdo of a member", False),
        ("without role", False),
    ],
)
def test_who_may_adopt(blueprint_world, who, allowed):
    world = blueprint_world
    actor = world["people"][who]
    if allowed:
        strategy = services.blueprint_adopt(
            actor=actor, network=world["adopter"], version=world["version"]
        )
        assert strategy.network == world["adopter"]
    else:
        with pytest.raises(PermissionDenied):
            services.blueprint_adopt(
                actor=actor, network=world["adopter"], version=world["version"]
            )
        assert not Adoption.objects.exists()


def test_adopt_page_flow(client, blueprint_world):
    world = blueprint_world
    url = reverse("transfer:adopt", kwargs={"slug": world["adopter"].slug})
    assert client.get(url).status_code == 302  # login first
    client.force_login(world["people"]["coordinator elsewhere"])
    assert client.get(url).status_code == 403
    client.force_login(world["people"]["coordinator"])
    network_page = client.get(world["adopter"].get_absolute_url())
    assert url in network_page.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert "Blaupause übernehmen" in page.content.decode()
    choice = str(world["version"].uuid)
    missing = client.post(url, {"version": choice})
    assert missing.status_code == 400
    assert "Bitte bestätigen Sie die Übernahme." in missing.content.decode()
    bogus = client.post(url, {"version": "nichts", "confirm": "on"})
    assert bogus.status_code == 400
    response = client.post(url, {"version": choice, "confirm": "on", "title": "Höxter digital"})
    strategy = Strategy.objects.get(title="Höxter digital")
    assert response.status_code == 302
    assert response["Location"] == strategy.get_absolute_url()
    detail = client.get(strategy.get_absolute_url()).content.decode()
    assert "Übernommen aus" in detail
    assert world["blueprint"].get_absolute_url() in detail
    assert reverse("transfer:changes", kwargs={"slug": strategy.slug}) in detail


def test_the_network_page_offers_adoption_only_to_its_coordination(client, blueprint_world):
    world = blueprint_world
    url = reverse("transfer:adopt", kwargs={"slug": world["adopter"].slug})
    client.force_login(world["people"]["cdo of a member"])
    assert url not in client.get(world["adopter"].get_absolute_url()).content.decode()


def test_the_adopted_page_costs_at_most_two_queries_more(client, adopted):
    strategy = adopted["strategy"]
    client.force_login(adopted["people"]["coordinator"])
    plain = adopted["blueprint"]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(plain.get_absolute_url())  # warm caches
    client.get(strategy.get_absolute_url())
    with CaptureQueriesContext(connection) as without_notice:
        client.get(plain.get_absolute_url())
    with CaptureQueriesContext(connection) as with_notice:
        response = client.get(strategy.get_absolute_url())
    assert "Übernommen aus" in response.content.decode()
    assert len(with_notice) - len(without_notice) <= 2


def test_the_demo_has_the_hoexter_network_and_its_coordination(settings):
    from blaupause.accounts import demo as accounts_demo
    from blaupause.accounts.models import Membership
    from blaupause.regions import demo as regions_demo
    from blaupause.regions.models import Network

    regions_demo.load_reference_data()
    regions_demo.load_demo_content()
    accounts_demo.load_demo_accounts()
    regions_demo.load_demo_content()  # a second run changes nothing
    accounts_demo.load_demo_accounts()
    network = Network.objects.get(slug="kreis-hoexter")
    assert network.name == "Netzwerk Kreis Höxter"
    agses = set(network.municipalities.values_list("ags", flat=True))
    assert len(agses) == 10
    assert all(ags.startswith("05762") for ags in agses)
    membership = Membership.objects.get(user__email="koordination@kreis-hoexter.example")
    assert membership.role == "network_coordinator"
    assert membership.network == network
    assert Network.objects.filter(slug="kreis-hoexter").count() == 1
    assert not Adoption.objects.exists()  # the journey adopts, the demo does not
