"""A refused write leaves nothing behind: the facilitator (who gets a participant row on their
first request) is on the board only after one of their actions succeeded."""

from django.contrib.messages import get_messages
from django.urls import reverse

import pytest

from blaupause.strategies.constants import StrategyStatus
from blaupause.workshops.constants import Step
from blaupause.workshops.models import Card, Participant, Workshop
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.strategies import StrategyFactory
from tests.factories.workshops import CardFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(network):
    user = UserFactory()
    MembershipFactory(user=user, role="network_coordinator", network=network)
    return user


@pytest.fixture
def workshop(network, coordinator):
    strategy = StrategyFactory(network=network, status=StrategyStatus.DRAFT)
    return WorkshopFactory(strategy=strategy, facilitator=coordinator, step=Step.COLLECT)


@pytest.fixture
def card(workshop):
    return CardFactory(workshop=workshop, text="Offenes WLAN im Rathaus")


@pytest.fixture
def facilitator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def _url(name, workshop, **kwargs):
    return reverse(f"workshops:{name}", kwargs={"uuid": workshop.uuid, **kwargs})


def _on_board(workshop, user) -> bool:
    return Participant.objects.filter(workshop=workshop, user=user).exists()


def _messages(response) -> str:
    """The messages shown on the next page (not followed: opening the board joins)."""
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def _set_step(workshop, step):
    Workshop.objects.filter(pk=workshop.pk).update(step=step)


def test_vote_outside_the_vote_step_is_refused_without_joining(
    facilitator_client, workshop, coordinator, card
):
    response = facilitator_client.post(
        _url("vote", workshop), {"target": f"card:{card.uuid}", "action": "add"}
    )
    assert response.status_code == 302
    assert "Punkte können nur im Schritt „Punkten“ vergeben werden." in _messages(response)
    assert not _on_board(workshop, coordinator)


def test_vote_on_an_unknown_target_is_404_without_joining(
    facilitator_client, workshop, coordinator
):
    _set_step(workshop, Step.VOTE)
    response = facilitator_client.post(_url("vote", workshop), {"target": "card:unbekannt"})
    assert response.status_code == 404
    assert not _on_board(workshop, coordinator)


def test_promote_of_an_unknown_target_is_404_without_joining(
    facilitator_client, workshop, coordinator
):
    _set_step(workshop, Step.RESULT)
    response = facilitator_client.post(_url("promote", workshop), {"kind": "measure"})
    assert response.status_code == 404
    assert not _on_board(workshop, coordinator)


def test_empty_rating_stores_nothing_and_does_not_join(facilitator_client, workshop, coordinator):
    _set_step(workshop, Step.RATE)
    response = facilitator_client.post(_url("rate", workshop), {})
    assert response.status_code == 302
    assert "Sie haben noch nichts bewertet." in _messages(response)
    assert not _on_board(workshop, coordinator)


def test_invalid_card_is_shown_again_and_nobody_joins(facilitator_client, workshop, coordinator):
    response = facilitator_client.post(_url("card_add", workshop), {"text": "   "})
    assert response.status_code == 400
    assert "Bitte schreiben Sie Ihre Idee auf die Karte." in response.content.decode()
    assert not _on_board(workshop, coordinator)
    assert not Card.objects.filter(workshop=workshop).exists()


def test_too_long_card_keeps_the_text(facilitator_client, workshop, coordinator):
    text = "Idee " * 200
    response = facilitator_client.post(_url("card_add", workshop), {"text": text})
    assert response.status_code == 400
    assert "Idee Idee" in response.content.decode()
    assert not _on_board(workshop, coordinator)


def test_invalid_card_edit_does_not_join(facilitator_client, workshop, coordinator, card):
    response = facilitator_client.post(_url("card_edit", workshop, card_uuid=card.uuid), {})
    assert response.status_code == 400
    assert not _on_board(workshop, coordinator)
    card.refresh_from_db()
    assert card.text == "Offenes WLAN im Rathaus"


def test_invalid_cluster_does_not_join(facilitator_client, workshop, coordinator):
    response = facilitator_client.post(_url("cluster_add", workshop), {"title": ""})
    assert response.status_code == 400
    assert not _on_board(workshop, coordinator)


def test_invalid_invitation_does_not_join(facilitator_client, workshop, coordinator):
    for body in ({"action": "external", "display_name": ""}, {"action": "accounts"}, {}):
        response = facilitator_client.post(_url("participants", workshop), body)
        assert response.status_code == 400
    assert not _on_board(workshop, coordinator)


def test_unknown_step_is_refused_without_joining(facilitator_client, workshop, coordinator):
    response = facilitator_client.post(_url("step_set", workshop), {"step": "gibt-es-nicht"})
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.step == Step.COLLECT
    assert not _on_board(workshop, coordinator)


def test_invalid_settings_are_400_without_joining(facilitator_client, workshop, coordinator):
    response = facilitator_client.post(_url("workshop_settings", workshop), {"title": ""})
    assert response.status_code == 400
    assert "kern-error" in response.content.decode()
    assert not _on_board(workshop, coordinator)


def test_moving_a_card_into_an_unknown_group_does_not_join(
    facilitator_client, workshop, coordinator, card
):
    url = _url("card_move", workshop, card_uuid=card.uuid)
    response = facilitator_client.post(url, {"cluster": "00000000-0000-0000-0000-000000000000"})
    assert response.status_code == 302
    assert not _on_board(workshop, coordinator)


def test_a_successful_card_joins_the_facilitator(facilitator_client, workshop, coordinator):
    response = facilitator_client.post(_url("card_add", workshop), {"text": "Digitale Akte"})
    assert response.status_code == 302
    participant = Participant.objects.get(workshop=workshop, user=coordinator)
    assert Card.objects.get(workshop=workshop).author == participant


def test_opening_the_board_still_joins_the_facilitator(facilitator_client, workshop, coordinator):
    assert facilitator_client.get(workshop.get_absolute_url()).status_code == 200
    assert _on_board(workshop, coordinator)
