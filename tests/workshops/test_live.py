"""Live board: the poll answers 204 while nothing changed, else the re-rendered region."""

from django.test import Client
from django.urls import reverse

import pytest

from blaupause.workshops import services
from blaupause.workshops.constants import Step
from blaupause.workshops.models import Card, Workshop
from tests.factories.workshops import CardFactory, ParticipantFactory
from tests.workshops import workshop_setup

pytestmark = pytest.mark.django_db


def _live_url(client, workshop):
    """The poll URL as the board page renders it."""
    response = client.get(workshop.get_absolute_url())
    return response.context["live_url"]


def _workshop_queries(captured):
    return [q["sql"] for q in captured if "workshops_" in q["sql"]]


def test_unchanged_poll_is_204_with_one_query(client, django_assert_max_num_queries):
    data = workshop_setup()
    workshop = data["workshop"]
    client.force_login(data["cdo"])
    url = _live_url(client, workshop)
    # Session, user and roles are read by the middleware of every request; the poll itself
    # reads one row.
    with django_assert_max_num_queries(4) as queries:
        response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert len(_workshop_queries(queries.captured_queries)) == 1


def test_unchanged_poll_of_an_external_guest_costs_two_queries(
    client, django_assert_max_num_queries
):
    data = workshop_setup()
    workshop = data["workshop"]
    _, secret = services.participant_invite_external(
        actor=data["coordinator"], workshop=workshop, display_name="Gast"
    )
    client.get(reverse("workshops:join", kwargs={"secret": secret}))
    url = _live_url(client, workshop)
    with django_assert_max_num_queries(2):  # the session and the revision
        assert client.get(url).status_code == 204


def test_unchanged_poll_stays_cheap_with_many_cards(client, django_assert_max_num_queries):
    data = workshop_setup()
    workshop = data["workshop"]
    people = ParticipantFactory.create_batch(30, workshop=workshop)
    for n in range(200):
        CardFactory(workshop=workshop, author=people[n % 30])
    client.force_login(data["cdo"])
    url = _live_url(client, workshop)
    with django_assert_max_num_queries(4) as queries:
        assert client.get(url).status_code == 204
    assert len(_workshop_queries(queries.captured_queries)) == 1


def test_new_card_is_sent_to_the_others(client):
    data = workshop_setup()
    workshop = data["workshop"]
    client.force_login(data["cdo"])
    url = _live_url(client, workshop)
    writer = ParticipantFactory(workshop=workshop)
    services.card_create(
        actor=writer.user, participant=writer, workshop=workshop, text="Digitale Ratsarbeit"
    )
    response = client.get(url, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="bp-board-region"' in content
    assert "Digitale Ratsarbeit" in content
    # The region only: no card form, so half-typed text in it is never replaced.
    assert 'id="karte_text"' not in content
    # The poller comes along out of band with the new revision.
    workshop.refresh_from_db()
    assert f"r={workshop.revision}" in content
    assert 'hx-swap-oob="true"' in content


def test_step_change_asks_for_a_full_reload(client):
    data = workshop_setup()
    workshop = data["workshop"]
    client.force_login(data["cdo"])
    url = _live_url(client, workshop)
    services.workshop_step_set(actor=data["coordinator"], workshop=workshop, step=Step.CLUSTER)
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Refresh"] == "true"


def test_every_board_service_bumps_the_revision():
    data = workshop_setup(step=Step.COLLECT)
    workshop = data["workshop"]
    coordinator = data["coordinator"]

    def revision():
        return Workshop.objects.get(pk=workshop.pk).revision

    seen = [revision()]
    card = services.card_create(
        actor=data["cdo"], participant=data["cdo_participant"], workshop=workshop, text="A"
    )
    seen.append(revision())
    services.card_update(
        actor=data["cdo"], participant=data["cdo_participant"], card=card, text="B"
    )
    seen.append(revision())
    cluster = services.cluster_create(actor=coordinator, workshop=workshop, title="G")
    seen.append(revision())
    services.card_move(actor=coordinator, card=card, cluster=cluster)
    seen.append(revision())
    services.cluster_rename(actor=coordinator, cluster=cluster, title="H")
    seen.append(revision())
    services.cluster_delete(actor=coordinator, cluster=cluster)
    seen.append(revision())
    services.card_delete(actor=data["cdo"], participant=data["cdo_participant"], card=card)
    seen.append(revision())
    assert seen == sorted(set(seen))  # strictly growing
    assert not Card.objects.exists()


def test_poll_with_forged_token_checks_access(client):
    data = workshop_setup()
    workshop = data["workshop"]
    base = reverse("workshops:live", kwargs={"uuid": workshop.uuid})
    query = f"?r={workshop.revision}&s={workshop.step}&t=falsch"
    assert Client().get(base + query).status_code == 404
    client.force_login(data["outsider"])
    assert client.get(base + query).status_code == 404
    client.force_login(data["cdo"])
    response = client.get(base + query)
    assert response.status_code == 200  # a participant gets the region (and a fresh token)


def test_removed_participant_gets_nothing_new(client):
    data = workshop_setup()
    workshop = data["workshop"]
    client.force_login(data["cdo"])
    url = _live_url(client, workshop)
    services.participant_remove(actor=data["coordinator"], participant=data["cdo_participant"])
    assert client.get(url).status_code == 404


def test_projector_poll_renders_projector_region(client):
    data = workshop_setup()
    workshop = data["workshop"]
    card = CardFactory(workshop=workshop, anonymous=True, author=data["cdo_participant"])
    client.force_login(data["coordinator"])
    url = client.get(reverse("workshops:projector", kwargs={"uuid": workshop.uuid})).context[
        "live_url"
    ]
    assert "v=beamer" in url
    services.card_update(
        actor=data["coordinator"], participant=None, card=card, text="Neu", anonymous=True
    )
    content = client.get(url).content.decode()
    assert "bp-ws-region--projector" in content
    assert "Digitalverantwortliche" not in content
