"""Creating workshops, their settings, inviting and removing participants, who sees what."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

import pytest

from blaupause.core.models import AuditEvent
from blaupause.core.signals import activity
from blaupause.workshops import services
from blaupause.workshops.constants import Step
from blaupause.workshops.models import Participant, Workshop
from tests.factories.accounts import UserFactory
from tests.factories.workshops import ParticipantFactory, WorkshopFactory
from tests.workshops import network_setup, workshop_setup

pytestmark = pytest.mark.django_db


def _create_url(strategy):
    return reverse("workshops:workshop_create", kwargs={"slug": strategy.slug})


def _form(**overrides):
    data = {
        "title": "Ideenwerkstatt Verwaltung 2030",
        "question": "Welche Dienste sollen 2030 digital sein?",
        "focus": "measures",
        "dots_per_person": "5",
        "scheduled_at": "",
        "allow_anonymous": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("contributor", 404),
        ("cdo", 404),
        ("outsider", 404),
        ("coordinator", 200),
        ("regional_admin", 200),
    ],
)
def test_create_page_permission_matrix(client, who, status):
    data = network_setup()
    if who != "anonymous":
        client.force_login(data[who])
    response = client.get(_create_url(data["strategy"]))
    # The draft is hidden from people who may not change it: 404, not 403.
    assert response.status_code == status


def test_create_page_is_403_for_visible_strategy_without_change_right(client):
    data = network_setup()
    data["strategy"].status = "adopted"
    data["strategy"].save()
    client.force_login(data["cdo"])
    assert client.get(_create_url(data["strategy"])).status_code == 403


def test_coordinator_creates_workshop(client, django_capture_on_commit_callbacks):
    data = network_setup()
    client.force_login(data["coordinator"])
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    activity.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_create_url(data["strategy"]), _form())
    finally:
        activity.disconnect(receiver)
    workshop = Workshop.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:participants", kwargs={"uuid": workshop.uuid})
    assert workshop.step == Step.PREPARATION
    assert workshop.dots_per_person == 5
    assert workshop.facilitator == data["coordinator"]
    assert workshop.participants.get().user == data["coordinator"]
    assert AuditEvent.objects.filter(verb="workshop.created").exists()
    assert received[0]["verb"] == "workshop.created"
    assert received[0]["private"] is True
    page = client.get(workshop.get_absolute_url())
    assert "Welche Dienste sollen 2030 digital sein?" in page.content.decode()


def test_create_form_keeps_input_and_shows_german_errors(client):
    data = network_setup()
    client.force_login(data["coordinator"])
    response = client.post(
        _create_url(data["strategy"]),
        _form(title="", dots_per_person="99", question="Meine Frage bleibt stehen"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie dem Workshop einen Titel." in content
    assert "Höchstens 20." in content
    assert "Meine Frage bleibt stehen" in content
    assert not Workshop.objects.exists()


def test_service_refuses_people_who_may_not_change_the_strategy():
    data = network_setup()
    with pytest.raises(PermissionDenied):
        services.workshop_create(
            actor=data["cdo"], strategy=data["strategy"], title="X", question="Y"
        )


def test_settings_are_versioned(client):
    data = workshop_setup()
    workshop = data["workshop"]
    client.force_login(data["coordinator"])
    url = reverse("workshops:workshop_settings", kwargs={"uuid": workshop.uuid})
    assert client.get(url).status_code == 200
    stale = workshop.version
    response = client.post(url, _form(title="Neuer Titel", version=str(stale)))
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.title == "Neuer Titel"
    response = client.post(url, _form(title="Zweiter Stand", version=str(stale)))
    assert response.status_code == 409
    assert "Jemand anderes hat diesen Datensatz inzwischen geändert." in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.title == "Neuer Titel"


def test_settings_forbidden_for_participants(client):
    data = workshop_setup()
    client.force_login(data["cdo"])
    url = reverse("workshops:workshop_settings", kwargs={"uuid": data["workshop"].uuid})
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("contributor", 404),
        ("cdo", 200),
        ("coordinator", 200),
        ("regional_admin", 200),
    ],
)
def test_only_participants_and_facilitators_see_a_workshop(client, who, status):
    data = workshop_setup()
    if who != "anonymous":
        client.force_login(data[who])
    assert client.get(data["workshop"].get_absolute_url()).status_code == status


def test_removed_participant_no_longer_sees_the_workshop(client):
    data = workshop_setup()
    services.participant_remove(actor=data["coordinator"], participant=data["cdo_participant"])
    client.force_login(data["cdo"])
    assert client.get(data["workshop"].get_absolute_url()).status_code == 404


def test_invite_people_and_whole_municipalities(client):
    data = workshop_setup()
    workshop = data["workshop"]
    client.force_login(data["coordinator"])
    url = reverse("workshops:participants", kwargs={"uuid": workshop.uuid})
    page = client.get(url).content.decode()
    assert "Mitwirkender" in page
    assert "Außenstehende" not in page  # not of the network's municipalities
    response = client.post(url, {"action": "accounts", "municipalities": [str(data["second"].pk)]})
    assert response.status_code == 302
    participant = workshop.participants.get(user=data["contributor"])
    assert participant.municipality == data["second"]
    client.logout()
    client.force_login(data["contributor"])
    assert client.get(workshop.get_absolute_url()).status_code == 200


def test_invite_refuses_people_outside_the_network():
    data = workshop_setup()
    with pytest.raises(Exception, match="Kommunen der Strategie"):
        services.participants_invite_accounts(
            actor=data["coordinator"], workshop=data["workshop"], users=[data["outsider"]]
        )


def test_invite_form_needs_a_choice(client):
    data = workshop_setup()
    client.force_login(data["coordinator"])
    url = reverse("workshops:participants", kwargs={"uuid": data["workshop"].uuid})
    response = client.post(url, {"action": "accounts", "users": ["999999"]})
    assert response.status_code == 400
    assert "Bitte wählen Sie einen der angebotenen Werte." in response.content.decode()


def test_facilitator_removes_a_participant(client):
    data = workshop_setup()
    client.force_login(data["coordinator"])
    url = reverse("workshops:participants", kwargs={"uuid": data["workshop"].uuid})
    response = client.post(
        url, {"action": "remove", "participant": str(data["cdo_participant"].uuid)}, follow=True
    )
    assert "nimmt nicht mehr teil" in response.content.decode()
    data["cdo_participant"].refresh_from_db()
    assert data["cdo_participant"].removed_at is not None


def test_participants_page_forbidden_for_participants(client):
    data = workshop_setup()
    client.force_login(data["cdo"])
    url = reverse("workshops:participants", kwargs={"uuid": data["workshop"].uuid})
    assert client.get(url).status_code == 403
    response = client.post(url, {"action": "external", "display_name": "Gast"})
    assert response.status_code == 403
    assert not Participant.objects.filter(display_name="Gast").exists()


def test_workshop_list_shows_own_workshops_only(client, django_assert_max_num_queries):
    data = workshop_setup()
    other = WorkshopFactory(strategy=data["strategy"], title="Fremder Workshop")
    client.force_login(data["cdo"])
    url = reverse("workshops:workshop_list", kwargs={"slug": data["strategy"].slug})
    data["strategy"].status = "adopted"
    data["strategy"].save()
    content = client.get(url).content.decode()
    assert data["workshop"].title in content
    assert other.title not in content
    client.force_login(data["coordinator"])
    with django_assert_max_num_queries(12) as first:
        client.get(url)
    for _ in range(5):
        workshop = WorkshopFactory(strategy=data["strategy"])
        ParticipantFactory.create_batch(3, workshop=workshop)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("kern-table__row") == 8  # head + 7 workshops


def test_list_of_a_hidden_draft_is_404(client):
    data = network_setup()
    client.force_login(UserFactory())
    url = reverse("workshops:workshop_list", kwargs={"slug": data["strategy"].slug})
    assert client.get(url).status_code == 404
