"""The board: steps, cards, clusters, the projector view and the query plan."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

import pytest

from blaupause.core.signals import activity
from blaupause.workshops import services
from blaupause.workshops.constants import Step
from blaupause.workshops.models import Card, Cluster
from tests.factories.workshops import CardFactory, ClusterFactory, ParticipantFactory
from tests.workshops import workshop_setup

pytestmark = pytest.mark.django_db


def _url(name, workshop, **kwargs):
    return reverse(f"workshops:{name}", kwargs={"uuid": workshop.uuid, **kwargs})


# --- steps -------------------------------------------------------------------------------------


def test_facilitator_switches_steps_forward_and_back(client, django_capture_on_commit_callbacks):
    data = workshop_setup(step=Step.PREPARATION)
    workshop = data["workshop"]
    client.force_login(data["coordinator"])
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    activity.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_url("step_set", workshop), {"step": "collect"}, follow=True)
    finally:
        activity.disconnect(receiver)
    assert "Der Workshop ist jetzt im Schritt „Sammeln“." in response.content.decode()
    assert received[0]["verb"] == "workshop.step_changed"
    assert received[0]["private"] is True
    client.post(_url("step_set", workshop), {"step": "cluster"})
    client.post(_url("step_set", workshop), {"step": "collect"})
    workshop.refresh_from_db()
    assert workshop.step == Step.COLLECT
    assert workshop.revision >= 3


def test_step_indicator_marks_the_current_step(client):
    data = workshop_setup(step=Step.CLUSTER)
    client.force_login(data["cdo"])
    content = client.get(data["workshop"].get_absolute_url()).content.decode()
    assert 'aria-current="step"' in content
    current = content.split('aria-current="step"')[1][:400]
    assert "Gruppieren" in current
    assert "Schritt wechseln" not in content  # no toolbar for participants


def test_participants_cannot_switch_steps(client):
    data = workshop_setup()
    client.force_login(data["cdo"])
    response = client.post(_url("step_set", data["workshop"]), {"step": "vote"})
    assert response.status_code == 403
    data["workshop"].refresh_from_db()
    assert data["workshop"].step == Step.COLLECT


def test_unknown_step_is_refused_without_error(client):
    data = workshop_setup()
    client.force_login(data["coordinator"])
    response = client.post(_url("step_set", data["workshop"]), {"step": "kaputt"}, follow=True)
    assert response.status_code == 200
    assert "Diesen Schritt gibt es nicht." in response.content.decode()


# --- cards -------------------------------------------------------------------------------------


def test_participant_adds_an_anonymous_card(client):
    data = workshop_setup()
    workshop = data["workshop"]
    client.force_login(data["cdo"])
    response = client.post(
        _url("card_add", workshop), {"text": "Gemeinsames Bürgerportal", "anonymous": "on"}
    )
    assert response.status_code == 302
    card = Card.objects.get()
    assert card.anonymous
    assert card.author == data["cdo_participant"]
    # Another participant sees no name …
    other = ParticipantFactory(workshop=workshop)
    client.force_login(other.user)
    content = client.get(workshop.get_absolute_url()).content.decode()
    assert "Gemeinsames Bürgerportal" in content
    assert "Digitalverantwortliche" not in content
    # … the facilitator sees who wrote it.
    client.force_login(data["coordinator"])
    content = client.get(workshop.get_absolute_url()).content.decode()
    assert "Digitalverantwortliche" in content
    assert "anonym gezeigt" in content
    # The projector never shows the name of an anonymous card.
    content = client.get(_url("projector", workshop)).content.decode()
    assert "Gemeinsames Bürgerportal" in content
    assert "Digitalverantwortliche" not in content


def test_too_long_card_gives_a_german_error_and_keeps_the_text(client):
    data = workshop_setup()
    client.force_login(data["cdo"])
    text = "Idee " * 2000  # 10,000 characters
    response = client.post(_url("card_add", data["workshop"]), {"text": text})
    content = response.content.decode()
    assert response.status_code == 400
    assert "Eine Karte fasst höchstens 500 Zeichen" in content
    assert text.strip() in content
    assert not Card.objects.exists()


def test_empty_card_is_refused(client):
    data = workshop_setup()
    client.force_login(data["cdo"])
    response = client.post(_url("card_add", data["workshop"]), {"text": "   "})
    assert response.status_code == 400
    assert "Bitte schreiben Sie Ihre Idee auf die Karte." in response.content.decode()


def test_cards_only_while_collecting(client):
    data = workshop_setup(step=Step.VOTE)
    client.force_login(data["cdo"])
    response = client.post(_url("card_add", data["workshop"]), {"text": "Zu spät"})
    assert response.status_code == 403
    assert not Card.objects.exists()


def test_participant_edits_and_deletes_own_card_only(client):
    data = workshop_setup()
    workshop = data["workshop"]
    own = CardFactory(workshop=workshop, author=data["cdo_participant"], text="Alt")
    foreign = CardFactory(workshop=workshop, text="Fremd")
    client.force_login(data["cdo"])
    response = client.post(
        _url("card_edit", workshop, card_uuid=own.uuid), {"text": "Neu formuliert"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.text == "Neu formuliert"
    assert client.get(_url("card_edit", workshop, card_uuid=foreign.uuid)).status_code == 403
    assert client.post(_url("card_delete", workshop, card_uuid=foreign.uuid)).status_code == 403
    assert client.post(_url("card_delete", workshop, card_uuid=own.uuid)).status_code == 302
    assert list(Card.objects.all()) == [foreign]
    assert Card.all_objects.get(pk=own.pk).deleted_at is not None


def test_card_of_another_workshop_is_404(client):
    data = workshop_setup()
    foreign = CardFactory()
    client.force_login(data["coordinator"])
    url = _url("card_edit", data["workshop"], card_uuid=foreign.uuid)
    assert client.get(url).status_code == 404


# --- clusters ----------------------------------------------------------------------------------


def test_facilitator_clusters_without_javascript(client):
    data = workshop_setup(step=Step.CLUSTER)
    workshop = data["workshop"]
    first, second = CardFactory.create_batch(2, workshop=workshop)
    client.force_login(data["coordinator"])
    response = client.post(_url("cluster_add", workshop), {"title": "Bürgerservice"})
    assert response.status_code == 302
    cluster = Cluster.objects.get()
    for card in (first, second):
        response = client.post(
            _url("card_move", workshop, card_uuid=card.uuid), {"cluster": str(cluster.uuid)}
        )
        assert response.status_code == 302
        assert response["Location"].endswith(f"#karte-{card.uuid}")
    assert set(cluster.cards.all()) == {first, second}
    content = client.get(workshop.get_absolute_url()).content.decode()
    assert "Bürgerservice" in content
    assert "Verschieben" in content
    client.post(_url("cluster_rename", workshop, cluster_uuid=cluster.uuid), {"title": "Service"})
    cluster.refresh_from_db()
    assert cluster.title == "Service"
    response = client.post(_url("cluster_delete", workshop, cluster_uuid=cluster.uuid))
    assert response.status_code == 302
    assert Card.objects.filter(cluster__isnull=True).count() == 2
    assert not Cluster.objects.exists()


def test_move_by_script_answers_204(client):
    data = workshop_setup(step=Step.CLUSTER)
    workshop = data["workshop"]
    card = CardFactory(workshop=workshop)
    cluster = ClusterFactory(workshop=workshop)
    client.force_login(data["coordinator"])
    response = client.post(
        _url("card_move", workshop, card_uuid=card.uuid),
        {"cluster": str(cluster.uuid)},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 204
    card.refresh_from_db()
    assert card.cluster == cluster


def test_move_into_cluster_of_another_workshop_is_refused(client):
    data = workshop_setup(step=Step.CLUSTER)
    card = CardFactory(workshop=data["workshop"])
    foreign = ClusterFactory()
    client.force_login(data["coordinator"])
    response = client.post(
        _url("card_move", data["workshop"], card_uuid=card.uuid),
        {"cluster": str(foreign.uuid)},
        follow=True,
    )
    assert "Diese Gruppe gibt es nicht mehr." in response.content.decode()
    card.refresh_from_db()
    assert card.cluster is None


def test_participants_cannot_cluster(client):
    data = workshop_setup(step=Step.CLUSTER)
    workshop = data["workshop"]
    card = CardFactory(workshop=workshop)
    cluster = ClusterFactory(workshop=workshop)
    client.force_login(data["cdo"])
    assert client.post(_url("cluster_add", workshop), {"title": "X"}).status_code == 403
    response = client.post(
        _url("card_move", workshop, card_uuid=card.uuid), {"cluster": str(cluster.uuid)}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.cluster_delete(actor=data["cdo"], cluster=cluster)


def test_cluster_needs_a_name(client):
    data = workshop_setup(step=Step.CLUSTER)
    client.force_login(data["coordinator"])
    response = client.post(_url("cluster_add", data["workshop"]), {"title": ""})
    assert response.status_code == 400
    assert "Bitte geben Sie der Gruppe einen Namen." in response.content.decode()


# --- query plan --------------------------------------------------------------------------------


def _fill(workshop, participants: int, cards: int, clusters: int):
    people = ParticipantFactory.create_batch(participants, workshop=workshop)
    groups = ClusterFactory.create_batch(clusters, workshop=workshop)
    Card.objects.bulk_create(
        [
            Card(
                workshop=workshop,
                author=people[n % len(people)],
                text=f"Idee {n}",
                anonymous=n % 3 == 0,
                cluster=groups[n % len(groups)] if groups and n % 2 else None,
                order=n,
            )
            for n in range(cards)
        ]
    )


@pytest.mark.parametrize("step", [Step.COLLECT, Step.CLUSTER])
def test_board_queries_do_not_grow_with_cards(client, django_assert_max_num_queries, step):
    data = workshop_setup(step=step)
    workshop = data["workshop"]
    _fill(workshop, participants=1, cards=1, clusters=1)
    client.force_login(data["coordinator"])
    client.get(workshop.get_absolute_url())  # first visit may create rows
    with django_assert_max_num_queries(30) as small:
        client.get(workshop.get_absolute_url())
    _fill(workshop, participants=30, cards=200, clusters=8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(workshop.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="bp-ws-card') >= 201
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(_url("projector", workshop)).status_code == 200


# --- demo --------------------------------------------------------------------------------------


def test_demo_workshop_is_idempotent(client):
    from blaupause.workshops.demo import TITLE, load_demo_workshops
    from blaupause.workshops.models import Vote, Workshop
    from tests.factories.accounts import MembershipFactory, UserFactory
    from tests.factories.regions import NetworkFactory
    from tests.factories.strategies import StrategyFactory

    network = NetworkFactory(slug="lippe")
    StrategyFactory(slug="lippe-lebt-digitalisierung", network=network)
    coordinator = UserFactory(email="koordination@kreis-lippe.example")
    MembershipFactory(user=coordinator, role="network_coordinator", network=network)
    UserFactory(email="cdo@detmold.example")
    workshop = load_demo_workshops()
    assert workshop.step == Step.CLOSED
    assert workshop.cards.count() == 12
    assert workshop.clusters.count() == 3
    assert not workshop.cards.filter(cluster__isnull=True).exists()
    assert Vote.objects.filter(workshop=workshop).exists()
    assert load_demo_workshops() == workshop
    assert Workshop.objects.filter(title=TITLE).count() == 1
    client.force_login(coordinator)
    assert client.get(workshop.get_absolute_url()).status_code == 200
