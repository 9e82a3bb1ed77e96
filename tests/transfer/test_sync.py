"""Three-way sync of an adopted strategy with newer versions of its blueprint."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import pytest

from blaupause.core.concurrency import EditConflict
from blaupause.strategies import services as strategy_services
from blaupause.strategies.models import FieldOfAction, Measure
from blaupause.transfer import lineage, services
from blaupause.transfer.models import Adaptation, Adoption, ItemOrigin, UpstreamDecision
from tests.factories.transfer import make_adopted, make_blueprint_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def blueprint_world(db, settings):
    settings.BLAUPAUSE_MFA_REQUIRED_ROLES = []
    return make_blueprint_world()


@pytest.fixture
def adopted(blueprint_world):
    return make_adopted(blueprint_world)


REASON = "Kreis Höxter: kein eigenes Rechenzentrum, daher Betrieb beim Dienstleister"


def _copy(world, key="B-M01") -> Measure:
    return Measure.objects.get(strategy=world["strategy"], key=key)


def _upstream(world, key="B-M01", **values):
    """Change the blueprint's measure and publish a new version."""
    measure = Measure.objects.get(strategy=world["blueprint"], key=key)
    strategy_services.item_update(
        actor=None, item=measure, values=values, expected_version=measure.version
    )
    return strategy_services.strategy_publish(actor=None, strategy=world["blueprint"])


def _local(world, key="B-M01", **values):
    measure = _copy(world, key)
    strategy_services.item_update(
        actor=world["people"]["coordinator"],
        item=measure,
        values=values,
        expected_version=measure.version,
        reason=REASON,
    )


def _adoption(world) -> Adoption:
    return Adoption.objects.get(strategy=world["strategy"])


def _pending(world):
    return services.pending_changes(_adoption(world))[1]


def _decide(world, change, decision="accept", **choices):
    return services.upstream_decide(
        actor=world["people"]["coordinator"],
        adoption=_adoption(world),
        source_uuid=change.source_uuid,
        decision=decision,
        choices=choices,
    )


def test_nothing_to_decide_without_a_new_version(adopted):
    assert _pending(adopted) == []


def test_an_upstream_only_change_is_accepted(adopted):
    version = _upstream(adopted, title="Rechenzentrum im Verbund", effort="hoch")
    (change,) = _pending(adopted)
    assert change.change == lineage.CHANGED
    assert {f.name: f.state for f in change.fields} == {"title": "clean", "effort": "clean"}
    decision = _decide(adopted, change)
    measure = _copy(adopted)
    assert (measure.title, measure.effort) == ("Rechenzentrum im Verbund", "hoch")
    assert decision.outcome == UpstreamDecision.Outcome.ACCEPTED
    origin = ItemOrigin.objects.get(item_uuid=measure.uuid)
    assert origin.base["title"] == "Rechenzentrum im Verbund"
    assert origin.base_version == version.number
    assert _adoption(adopted).synced_version == version
    assert not Adaptation.objects.exists()  # taking the blueprint's change is no adaptation
    assert "Version 2" in measure.history.first().history_change_reason
    assert _pending(adopted) == []


def test_a_local_only_change_is_kept(adopted):
    _local(adopted, title="Rechenzentrum beim Dienstleister")
    _upstream(adopted, effort="hoch")
    (change,) = _pending(adopted)
    assert [f.name for f in change.fields] == ["effort"]
    _decide(adopted, change)
    measure = _copy(adopted)
    assert measure.title == "Rechenzentrum beim Dienstleister"
    assert measure.effort == "hoch"


def test_both_changed_is_a_conflict_resolved_per_field(adopted):
    _local(adopted, title="Rechenzentrum beim Dienstleister", description="Lokal betrieben.")
    _upstream(
        adopted, title="Rechenzentrum im Verbund", description="Neu beschrieben.", effort="hoch"
    )
    (change,) = _pending(adopted)
    states = {f.name: f.state for f in change.fields}
    assert states == {"title": "conflict", "description": "conflict", "effort": "clean"}
    with pytest.raises(ValidationError):
        _decide(adopted, change)  # a conflict needs a choice
    assert _copy(adopted).effort != "hoch"
    decision = _decide(adopted, change, title="local", description="upstream")
    measure = _copy(adopted)
    assert measure.title == "Rechenzentrum beim Dienstleister"
    assert measure.description == "Neu beschrieben."
    assert measure.effort == "hoch"
    assert decision.outcome == UpstreamDecision.Outcome.MERGED
    assert decision.fields["title"] == "local"
    # The kept title now counts as our adaptation against the new base.
    assert _pending(adopted) == []


def test_ignore_keeps_local_and_does_not_come_back(adopted):
    _upstream(adopted, title="Rechenzentrum im Verbund")
    (change,) = _pending(adopted)
    decision = _decide(adopted, change, decision="ignore")
    assert decision.outcome == UpstreamDecision.Outcome.IGNORED
    assert _copy(adopted).title == "Gemeinsames Rechenzentrum"
    assert _pending(adopted) == []
    _upstream(adopted, effort="hoch")  # version 3: only the new change shows
    (change,) = _pending(adopted)
    assert [f.name for f in change.fields] == ["effort"]


def test_items_added_upstream_can_be_added_with_origin(adopted):
    blueprint = adopted["blueprint"]
    field = FieldOfAction.objects.get(strategy=blueprint, key="B")
    strategy_services.item_create(
        actor=None,
        strategy=blueprint,
        kind="measure",
        values={"key": "B-M02", "title": "Glasfaser", "field": field},
    )
    strategy_services.strategy_publish(actor=None, strategy=blueprint)
    (change,) = _pending(adopted)
    assert change.change == lineage.ADDED
    _decide(adopted, change)
    copy = _copy(adopted, "B-M02")
    assert copy.field.strategy_id == adopted["strategy"].pk
    assert ItemOrigin.objects.filter(item_uuid=copy.uuid).exists()
    assert _pending(adopted) == []


def test_items_added_upstream_can_be_declined(adopted):
    blueprint = adopted["blueprint"]
    strategy_services.item_create(
        actor=None, strategy=blueprint, kind="value", values={"title": "Mut"}
    )
    strategy_services.strategy_publish(actor=None, strategy=blueprint)
    (change,) = _pending(adopted)
    _decide(adopted, change, decision="ignore")
    assert not adopted["strategy"].values.filter(title="Mut").exists()
    assert _pending(adopted) == []


@pytest.mark.parametrize("decision", ["accept", "ignore"])
def test_items_deleted_upstream_can_be_removed_or_kept(adopted, decision):
    blueprint = adopted["blueprint"]
    indicator = adopted["first"].indicators.get()
    strategy_services.item_delete(actor=None, item=indicator)
    strategy_services.strategy_publish(actor=None, strategy=blueprint)
    (change,) = _pending(adopted)
    assert change.change == lineage.REMOVED
    _decide(adopted, change, decision=decision)
    kept = _copy(adopted, "A-M01").indicators.exists()
    assert kept is (decision == "ignore")
    assert _pending(adopted) == []


def test_a_concurrent_edit_raises_edit_conflict(adopted):
    _upstream(adopted, title="Rechenzentrum im Verbund")
    (change,) = _pending(adopted)
    stale = _copy(adopted).version
    _local(adopted, description="Zwischendurch geändert.")
    with pytest.raises(EditConflict):
        services.upstream_decide(
            actor=adopted["people"]["coordinator"],
            adoption=_adoption(adopted),
            source_uuid=change.source_uuid,
            decision="accept",
            expected_version=stale,
        )
    assert _copy(adopted).title == "Gemeinsames Rechenzentrum"
    assert not UpstreamDecision.objects.exists()


def test_only_editors_decide(adopted):
    _upstream(adopted, title="Rechenzentrum im Verbund")
    (change,) = _pending(adopted)
    for who in ("coordinator elsewhere", "cdo of a member", "source coordinator"):
        with pytest.raises(PermissionDenied):
            services.upstream_decide(
                actor=adopted["people"][who],
                adoption=_adoption(adopted),
                source_uuid=change.source_uuid,
                decision="accept",
            )


def test_the_sync_page(client, adopted):
    strategy = adopted["strategy"]
    _local(adopted, title="Rechenzentrum beim Dienstleister")
    _upstream(adopted, title="Rechenzentrum im Verbund", effort="hoch")
    url = reverse("transfer:sync", kwargs={"slug": strategy.slug})
    client.force_login(adopted["people"]["coordinator elsewhere"])
    assert client.get(url).status_code == 403
    client.force_login(adopted["people"]["coordinator"])
    detail = client.get(strategy.get_absolute_url()).content.decode()
    assert "Die Blaupause hat eine neue Version – Änderungen prüfen" in detail
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Stand der Übernahme" in body
    assert "Unsere Fassung" in body
    assert "Konflikt bei „Titel“" in body
    (change,) = _pending(adopted)
    version = _copy(adopted).version
    stale = client.post(
        url,
        {
            "source": change.source_uuid,
            "decision": "accept",
            "version": version - 1,
            "choice-title": "local",
        },
    )
    assert stale.status_code == 409
    response = client.post(
        url,
        {
            "source": change.source_uuid,
            "decision": "accept",
            "version": version,
            "choice-title": "local",
        },
    )
    assert response.status_code == 302
    measure = _copy(adopted)
    assert (measure.title, measure.effort) == ("Rechenzentrum beim Dienstleister", "hoch")
    detail = client.get(strategy.get_absolute_url()).content.decode()
    assert "Änderungen prüfen" not in detail
    assert "abgeglichen bis Version 2" in detail


def test_bad_input_on_the_sync_page_is_a_german_message(client, adopted):
    _upstream(adopted, title="Rechenzentrum im Verbund")
    url = reverse("transfer:sync", kwargs={"slug": adopted["strategy"].slug})
    client.force_login(adopted["people"]["coordinator"])
    response = client.post(url, {"source": "kaputt", "decision": "vielleicht"})
    assert response.status_code == 400
    assert "übernehmen" in response.content.decode()
