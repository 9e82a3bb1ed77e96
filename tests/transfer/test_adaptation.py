"""Regional adaptations: changes of an adopted strategy need a reason and are listed with it."""

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from blaupause.strategies import services as strategy_services
from blaupause.strategies.models import Measure
from blaupause.transfer.models import Adaptation
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


def _copy(adopted, key="B-M01") -> Measure:
    return Measure.objects.get(strategy=adopted["strategy"], key=key)


def test_a_change_without_reason_is_refused(adopted):
    measure = _copy(adopted)
    with pytest.raises(ValidationError) as error:
        strategy_services.item_update(
            actor=adopted["people"]["coordinator"],
            item=measure,
            values={"title": "Rechenzentrum beim Dienstleister"},
            expected_version=measure.version,
        )
    assert "Grund" in error.value.message_dict["reason"][0]
    assert _copy(adopted).title == "Gemeinsames Rechenzentrum"


def test_the_blueprint_itself_needs_no_reason(adopted):
    first = adopted["first"]
    strategy_services.item_update(
        actor=None, item=first, values={"title": "Neu"}, expected_version=first.version
    )
    assert not Adaptation.objects.exists()


def test_a_change_with_reason_is_recorded_as_adaptation(adopted):
    measure = _copy(adopted)
    coordinator = adopted["people"]["coordinator"]
    strategy_services.item_update(
        actor=coordinator,
        item=measure,
        values={"title": "Rechenzentrum beim Dienstleister"},
        expected_version=measure.version,
        reason=REASON,
    )
    adaptation = Adaptation.objects.get()
    assert adaptation.reason == REASON
    assert adaptation.fields == ["title"]
    assert adaptation.action == "changed"
    assert adaptation.actor == coordinator
    assert adaptation.origin.item_uuid == measure.uuid
    assert measure.history.first().history_change_reason == REASON


def test_added_and_deleted_items_are_adaptations_too(adopted):
    coordinator = adopted["people"]["coordinator"]
    strategy = adopted["strategy"]
    field = strategy.fields.get(key="B")
    with pytest.raises(ValidationError):
        strategy_services.item_create(
            actor=coordinator,
            strategy=strategy,
            kind="measure",
            values={"title": "X", "field": field},
        )
    added = strategy_services.item_create(
        actor=coordinator,
        strategy=strategy,
        kind="measure",
        values={"title": "Glasfaser für Dörfer", "field": field},
        reason="Im Kreis Höxter fehlt Glasfaser auf dem Land.",
    )
    strategy_services.item_delete(
        actor=coordinator, item=_copy(adopted, "A-M01"), reason="Haben wir schon."
    )
    actions = dict(Adaptation.objects.values_list("action", "reason"))
    assert actions == {
        "added": "Im Kreis Höxter fehlt Glasfaser auf dem Land.",
        "deleted": "Haben wir schon.",
    }
    assert Adaptation.objects.get(action="added").origin is None
    assert Adaptation.objects.get(action="added").item_uuid == added.uuid


def test_the_form_requires_the_reason_and_keeps_the_input(client, adopted):
    measure = _copy(adopted)
    strategy = adopted["strategy"]
    client.force_login(adopted["people"]["coordinator"])
    url = reverse(
        "strategies:item_edit",
        kwargs={"slug": strategy.slug, "kind": "massnahmen", "uuid": measure.uuid},
    )
    page = client.get(url).content.decode()
    assert "Grund der Änderung" in page
    assert "Diese Strategie wurde aus einer Blaupause übernommen" in page
    data = {
        "version": measure.version,
        "key": "B-M01",
        "title": "Rechenzentrum beim Dienstleister",
        "field": measure.field_id,
        "effort": measure.effort,
        "cost_band": measure.cost_band,
        "weight": "1",
        "depends_on": [m.pk for m in measure.depends_on.all()],
    }
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Bitte geben Sie einen Grund für diese Änderung an." in body
    assert "Rechenzentrum beim Dienstleister" in body  # what was typed stays
    response = client.post(url, {**data, "reason": REASON})
    assert response.status_code == 302
    assert _copy(adopted).title == "Rechenzentrum beim Dienstleister"
    detail = client.get(_copy(adopted).get_absolute_url()).content.decode()
    assert REASON in detail


def test_the_delete_form_asks_for_a_reason(client, adopted):
    measure = _copy(adopted)
    strategy = adopted["strategy"]
    client.force_login(adopted["people"]["coordinator"])
    url = reverse(
        "strategies:item_delete",
        kwargs={"slug": strategy.slug, "kind": "massnahmen", "uuid": measure.uuid},
    )
    assert client.post(url, {}).status_code == 400
    assert _copy(adopted).deleted_at is None
    assert client.post(url, {"reason": "Nicht nötig."}).status_code == 302
    assert not Measure.objects.filter(pk=measure.pk).exists()


def test_reason_stays_optional_elsewhere(client, adopted):
    blueprint, first = adopted["blueprint"], adopted["first"]
    client.force_login(adopted["people"]["source coordinator"])
    url = reverse(
        "strategies:item_edit",
        kwargs={"slug": blueprint.slug, "kind": "massnahmen", "uuid": first.uuid},
    )
    page = client.get(url).content.decode()
    assert "Grund der Änderung" in page
    assert "Diese Strategie wurde aus einer Blaupause übernommen" not in page


def test_the_changes_page_lists_what_differs_with_reasons(client, adopted):
    coordinator = adopted["people"]["coordinator"]
    strategy = adopted["strategy"]
    measure = _copy(adopted)
    strategy_services.item_update(
        actor=coordinator,
        item=measure,
        values={"title": "Rechenzentrum beim Dienstleister"},
        expected_version=measure.version,
        reason=REASON,
    )
    strategy_services.item_create(
        actor=coordinator,
        strategy=strategy,
        kind="value",
        values={"title": "Nähe"},
        reason="Ländlicher Raum",
    )
    strategy_services.item_delete(
        actor=coordinator, item=_copy(adopted, "A-M01"), reason="Haben wir schon."
    )
    url = reverse("transfer:changes", kwargs={"slug": strategy.slug})
    client.force_login(coordinator)
    body = client.get(url).content.decode()
    assert REASON in body
    assert "Rechenzentrum beim Dienstleister" in body  # the word diff
    assert "nur hier hinzugefügt" in body
    assert "Ländlicher Raum" in body
    assert "hier entfernt" in body
    assert "Haben wir schon." in body


def test_the_changes_page_of_a_draft_is_not_public(client, adopted):
    url = reverse("transfer:changes", kwargs={"slug": adopted["strategy"].slug})
    assert client.get(url).status_code == 403
    client.force_login(adopted["people"]["coordinator elsewhere"])
    assert client.get(url).status_code == 403
    plain = reverse("transfer:changes", kwargs={"slug": adopted["blueprint"].slug})
    assert client.get(plain).status_code == 404
