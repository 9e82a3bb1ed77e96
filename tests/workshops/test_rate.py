"""Impact/effort ratings: 1–5 per target, only in the rate step, all or nothing per form."""

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from blaupause.strategies.constants import StrategyStatus
from blaupause.workshops import matrix
from blaupause.workshops.constants import Step
from blaupause.workshops.models import Rating, Workshop
from blaupause.workshops.selectors.outcome import workshop_outcome
from blaupause.workshops.services.outcome import ratings_save
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.strategies import StrategyFactory
from tests.factories.workshops import (
    CardFactory,
    ClusterFactory,
    ParticipantFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(network):
    user = UserFactory()
    MembershipFactory(user=user, role="network_coordinator", network=network)
    return user


@pytest.fixture
def workshop(network, coordinator):
    strategy = StrategyFactory(network=network, status=StrategyStatus.DRAFT)
    return WorkshopFactory(strategy=strategy, facilitator=coordinator, step=Step.RATE)


@pytest.fixture
def member(workshop):
    return ParticipantFactory(workshop=workshop)


@pytest.fixture
def cluster(workshop):
    cluster = ClusterFactory(workshop=workshop, title="Bürgerservice")
    CardFactory(workshop=workshop, cluster=cluster, text="Online-Termine im Bürgerbüro")
    return cluster


@pytest.fixture
def loose_card(workshop):
    return CardFactory(workshop=workshop, text="Offenes WLAN im Rathaus")


def _url(workshop):
    return reverse("workshops:rate", kwargs={"uuid": workshop.uuid})


def test_participant_rates_every_target(client, workshop, member, cluster, loose_card):
    client.force_login(member.user)
    response = client.post(
        _url(workshop),
        {
            f"impact-cluster-{cluster.uuid}": "5",
            f"effort-cluster-{cluster.uuid}": "2",
            f"impact-card-{loose_card.uuid}": "1",
            f"effort-card-{loose_card.uuid}": "4",
        },
    )
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == ["Ihre Bewertung ist gespeichert."]
    rating = Rating.objects.get(participant=member, cluster=cluster)
    assert (rating.impact, rating.effort) == (5, 2)
    # Changing a rating keeps one row per person and target.
    client.post(
        _url(workshop),
        {f"impact-cluster-{cluster.uuid}": "3", f"effort-cluster-{cluster.uuid}": "3"},
    )
    assert Rating.objects.filter(participant=member, cluster=cluster).count() == 1
    assert Rating.objects.get(participant=member, cluster=cluster).impact == 3


@pytest.mark.parametrize("impact", ["0", "6", "viel", "-1"])
def test_rating_outside_one_to_five_is_refused(workshop, member, cluster, impact):
    with pytest.raises(ValidationError) as error:
        ratings_save(
            actor=member.user,
            participant=member,
            workshop=workshop,
            ratings=[(cluster, impact, "3")],
        )
    assert error.value.message_dict[str(cluster.uuid)] == [
        "Bitte bewerten Sie die Wirkung mit einer Zahl von 1 bis 5."
    ]
    assert not Rating.objects.exists()


def test_bad_input_saves_nothing_and_keeps_the_input(client, workshop, member, cluster, loose_card):
    client.force_login(member.user)
    response = client.post(
        _url(workshop),
        {
            f"impact-cluster-{cluster.uuid}": "4",
            f"effort-cluster-{cluster.uuid}": "2",
            f"impact-card-{loose_card.uuid}": "9",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nichts gespeichert" in page
    assert "Bitte bewerten Sie die Wirkung mit einer Zahl von 1 bis 5." in page
    assert "Bitte bewerten Sie den Aufwand mit einer Zahl von 1 bis 5." in page
    # What was typed for the valid target is still chosen on the form.
    assert f'id="impact-cluster-{cluster.uuid}-4" value="4" checked' in page
    assert not Rating.objects.exists()

    response = client.post(_url(workshop), {f"impact-card-{loose_card.uuid}": "9"})
    assert response.status_code == 302
    message = str(list(response.wsgi_request._messages)[-1])
    assert message.startswith("Nichts gespeichert. Bitte prüfen Sie: „Offenes WLAN im Rathaus“")


def test_rating_outside_the_rate_step_is_refused(client, workshop, member, cluster):
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.VOTE)
    client.force_login(member.user)
    response = client.post(
        _url(workshop),
        {f"impact-cluster-{cluster.uuid}": "4", f"effort-cluster-{cluster.uuid}": "2"},
    )
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Bewerten ist nur im Schritt „Bewerten“ möglich."
    ]
    assert not Rating.objects.exists()


def test_outsider_cannot_rate(client, workshop, cluster):
    client.force_login(UserFactory())
    response = client.post(
        _url(workshop),
        {f"impact-cluster-{cluster.uuid}": "4", f"effort-cluster-{cluster.uuid}": "2"},
    )
    assert response.status_code == 404
    assert not Rating.objects.exists()


def test_averages_and_quadrants(workshop, member, cluster, loose_card):
    other = ParticipantFactory(workshop=workshop)
    ratings_save(
        actor=member.user,
        participant=member,
        workshop=workshop,
        ratings=[(cluster, 5, 1), (loose_card, 1, 5)],
    )
    ratings_save(actor=other.user, participant=other, workshop=workshop, ratings=[(cluster, 4, 2)])
    outcome = workshop_outcome(workshop, member, can_manage=True)
    by_title = {target.title: target for target in outcome.targets}
    assert by_title["Bürgerservice"].impact == 4.5
    assert by_title["Bürgerservice"].quadrant_label == "Schnelle Erfolge"
    assert by_title["Bürgerservice"].my_impact == 5
    assert by_title["Offenes WLAN im Rathaus"].quadrant_label == "Zeitfresser"
    assert outcome.raters_count == 2


def test_quadrants_of_the_matrix():
    assert matrix.quadrant(5, 1) == matrix.QUICK_WINS
    assert matrix.quadrant(4, 4) == matrix.MAJOR_PROJECTS
    assert matrix.quadrant(2, 2) == matrix.FILL_INS
    assert matrix.quadrant(1, 5) == matrix.TIME_WASTERS
    assert matrix.quadrant(3, 3) == matrix.MAJOR_PROJECTS  # the middle counts as high
    assert matrix.quadrant(None, 3) == ""


def test_matrix_svg_has_title_description_and_points():
    points = [matrix.Point(number=1, label="Bürger<service>", impact=4.5, effort=1.5)]
    svg = matrix.matrix_svg("Wirkung und Aufwand", points)
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "<title" in svg
    assert "<desc" in svg
    assert "Bürger&lt;service&gt;" in svg
    assert "Schnelle Erfolge" in svg
    assert "Zeitfresser" in svg
    assert "Wirkung 4,5, Aufwand 1,5" in svg
