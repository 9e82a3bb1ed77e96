"""Publishing numbered, immutable versions and comparing them."""

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from blaupause.core.models import AuditEvent
from blaupause.strategies import services
from blaupause.strategies.diff import diff_snapshots
from blaupause.strategies.errors import NothingToPublish
from blaupause.strategies.models import StrategyVersion
from tests.factories.strategies import IndicatorFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def test_publish_freezes_the_content_as_plain_json(world, coordinator):
    IndicatorFactory(
        measure=world["measure"], name="Angebundene Dienste", baseline=None, target=12.5
    )
    MilestoneFactory(measure=world["measure"], title="Portal online", months_after_start=9)
    version = services.strategy_publish(
        actor=coordinator, strategy=world["strategy"], note="Erste Fassung"
    )
    assert (version.number, version.published_by, version.note) == (1, coordinator, "Erste Fassung")
    snapshot = StrategyVersion.objects.get(pk=version.pk).snapshot
    assert snapshot["strategy"]["title"] == world["strategy"].title
    assert snapshot["strategy"]["owner"] == {
        "kind": "network",
        "key": world["network"].slug,
        "name": world["network"].name,
    }
    measure = snapshot["measures"][0]
    assert measure["uuid"] == str(world["measure"].uuid)
    assert (measure["key"], measure["field"], measure["goals"], measure["life_areas"]) == (
        "A-M01",
        "A",
        ["A-Z1"],
        ["verwaltung"],
    )
    assert snapshot["goals"][0]["field"] == "A"
    assert snapshot["indicators"][0] | {"uuid": "-"} == {
        "uuid": "-",
        "measure": "A-M01",
        "name": "Angebundene Dienste",
        "unit": "Kommunen",
        "baseline": None,
        "target": "12.5",
        "direction": "increase",
        "order": snapshot["indicators"][0]["order"],
    }
    assert snapshot["milestones"][0]["months_after_start"] == 9
    assert AuditEvent.objects.filter(verb="strategy.published", data__version=1).exists()


def test_versions_are_numbered_and_unchangeable(world, coordinator):
    strategy = world["strategy"]
    first = services.strategy_publish(actor=coordinator, strategy=strategy)
    with pytest.raises(NothingToPublish, match="Seit Version 1 hat sich nichts geändert"):
        services.strategy_publish(actor=coordinator, strategy=strategy)
    services.item_update(
        actor=coordinator,
        item=world["measure"],
        values={"title": "Serviceportal für alle"},
        expected_version=world["measure"].version,
    )
    second = services.strategy_publish(actor=coordinator, strategy=strategy)
    assert second.number == 2
    first.note = "geändert"
    with pytest.raises(ValidationError):
        first.save()
    with pytest.raises(ValidationError):
        first.delete()
    assert StrategyVersion.objects.filter(strategy=strategy).count() == 2
    # The old version still shows the old title.
    assert StrategyVersion.objects.get(pk=first.pk).snapshot["measures"][0]["title"] == (
        "Gemeinsames Serviceportal"
    )


def test_publishing_needs_the_change_right(world):
    with pytest.raises(PermissionDenied):
        services.strategy_publish(
            actor=world["people"]["coordinator elsewhere"], strategy=world["strategy"]
        )
    assert not StrategyVersion.objects.exists()


def test_two_versions_compare_to_the_edits_in_between(world, coordinator):
    strategy = world["strategy"]
    services.strategy_publish(actor=coordinator, strategy=strategy)
    services.item_update(
        actor=coordinator,
        item=world["measure"],
        values={"summary": "Ein Portal für alle Bürgerinnen und Bürger."},
        expected_version=world["measure"].version,
    )
    services.item_delete(actor=coordinator, item=world["goal"])
    services.item_create(
        actor=coordinator, strategy=strategy, kind="value", values={"title": "Offenheit"}
    )
    services.strategy_publish(actor=coordinator, strategy=strategy)
    old, new = (v.snapshot for v in StrategyVersion.objects.order_by("number"))
    result = diff_snapshots(old, new)
    summary = {
        section.key: (len(section.added), len(section.changed), len(section.removed))
        for section in result.changed_sections
    }
    assert summary == {"values": (1, 0, 0), "goals": (0, 0, 1), "measures": (0, 1, 0)}
    changes = {c.name: c for c in result.sections[4].changed[0].changes}
    assert set(changes) == {"summary", "goals"}
    assert "alle Bürgerinnen und Bürger</ins>" in changes["summary"].html
