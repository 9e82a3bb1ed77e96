"""External participants: one-time invitation links (hash stored, 14 days, used once)."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.core.hashing import hash_secret
from blaupause.workshops import services
from blaupause.workshops.models import Participant
from tests.workshops import workshop_setup

pytestmark = pytest.mark.django_db


def _invite(client, data, name="Anna (Bürgerbeirat)"):
    client.force_login(data["coordinator"])
    url = reverse("workshops:participants", kwargs={"uuid": data["workshop"].uuid})
    response = client.post(url, {"action": "external", "display_name": name})
    client.logout()
    return response


def test_link_is_shown_once_and_only_its_hash_is_stored(client):
    data = workshop_setup()
    response = _invite(client, data)
    assert response.status_code == 200
    link = response.context["new_link"]
    assert "Dieser Link wird nur jetzt angezeigt." in response.content.decode()
    secret = link.rstrip("/").rsplit("/", 1)[-1]
    participant = Participant.objects.get(display_name="Anna (Bürgerbeirat)")
    assert participant.invitation_hash == hash_secret(secret)
    assert secret not in participant.invitation_hash
    assert participant.invitation_expires_at - timezone.now() > datetime.timedelta(days=13)
    client.force_login(data["coordinator"])
    page = client.get(reverse("workshops:participants", kwargs={"uuid": data["workshop"].uuid}))
    assert secret not in page.content.decode()


def test_first_click_joins_and_is_remembered(client):
    data = workshop_setup()
    link = _invite(client, data).context["new_link"]
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == data["workshop"].get_absolute_url()
    board = client.get(data["workshop"].get_absolute_url())
    assert board.status_code == 200
    assert "Sie nehmen teil als Anna (Bürgerbeirat)" in board.content.decode()
    # The same browser may click the link again and lands on the board.
    assert client.get(link).status_code == 302


def test_second_use_in_another_browser_gives_a_german_page(client, django_user_model):
    from django.test import Client

    data = workshop_setup()
    link = _invite(client, data).context["new_link"]
    assert client.get(link).status_code == 302
    stranger = Client()
    response = stranger.get(link)
    assert response.status_code == 410
    assert "Der Link wurde bereits verwendet." in response.content.decode()
    assert stranger.get(data["workshop"].get_absolute_url()).status_code == 404


def test_expired_link(client):
    data = workshop_setup()
    link = _invite(client, data).context["new_link"]
    Participant.objects.filter(user__isnull=True).update(
        invitation_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(link)
    assert response.status_code == 410
    assert "Der Link ist abgelaufen." in response.content.decode()


def test_unknown_and_absurd_links(client):
    response = client.get(reverse("workshops:join", kwargs={"secret": "gibt-es-nicht"}))
    assert response.status_code == 404
    assert "Diesen Einladungslink kennen wir nicht." in response.content.decode()
    response = client.get(reverse("workshops:join", kwargs={"secret": "x" * 5000}))
    assert response.status_code == 404


def test_removed_invitation(client):
    data = workshop_setup()
    link = _invite(client, data).context["new_link"]
    participant = Participant.objects.get(user__isnull=True)
    services.participant_remove(actor=data["coordinator"], participant=participant)
    response = client.get(link)
    assert response.status_code == 410
    assert "zurückgenommen" in response.content.decode()


def test_logged_in_people_do_not_use_up_the_link(client):
    data = workshop_setup()
    link = _invite(client, data).context["new_link"]
    client.force_login(data["cdo"])
    response = client.get(link)
    assert response.status_code == 409
    assert "Sie sind angemeldet" in response.content.decode()
    assert Participant.objects.get(user__isnull=True).joined_at is None


def test_external_participant_writes_a_card(client):
    data = workshop_setup()
    link = _invite(client, data).context["new_link"]
    client.get(link)
    url = reverse("workshops:card_add", kwargs={"uuid": data["workshop"].uuid})
    response = client.post(url, {"text": "Offene Sprechstunde online"}, follow=True)
    assert "Offene Sprechstunde online" in response.content.decode()
    card = data["workshop"].cards.get()
    assert card.author.display_name == "Anna (Bürgerbeirat)"


def test_external_invitation_requires_a_name(client):
    data = workshop_setup()
    response = _invite(client, data, name="   ")
    assert response.status_code == 400
    assert "Bitte geben Sie einen Anzeigenamen an." in response.content.decode()
