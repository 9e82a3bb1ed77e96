"""Dot voting: limits per person and per target, only in the vote step, own dots only."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import pytest

from blaupause.strategies.constants import StrategyStatus
from blaupause.workshops.constants import Step
from blaupause.workshops.models import Vote, Workshop
from blaupause.workshops.selectors.outcome import workshop_outcome
from blaupause.workshops.services.outcome import vote_add, vote_remove
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
    return WorkshopFactory(
        strategy=strategy,
        facilitator=coordinator,
        step=Step.VOTE,
        dots_per_person=3,
        max_dots_per_card=2,
    )


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
    return reverse("workshops:vote", kwargs={"uuid": workshop.uuid})


def _vote(client, workshop, target, action="add", **extra):
    kind = "cluster" if target.__class__.__name__ == "Cluster" else "card"
    return client.post(
        _url(workshop), {"target": f"{kind}:{target.uuid}", "action": action}, **extra
    )


def test_participant_adds_and_removes_dots(client, workshop, member, cluster, loose_card):
    client.force_login(member.user)
    assert _vote(client, workshop, cluster).status_code == 302
    assert _vote(client, workshop, cluster).status_code == 302
    assert _vote(client, workshop, loose_card).status_code == 302
    assert Vote.objects.get(participant=member, cluster=cluster).dots == 2
    assert Vote.objects.get(participant=member, card=loose_card).dots == 1

    _vote(client, workshop, cluster, action="remove")
    assert Vote.objects.get(participant=member, cluster=cluster).dots == 1
    _vote(client, workshop, loose_card, action="remove")
    assert not Vote.objects.filter(participant=member, card=loose_card).exists()


def test_voting_bumps_the_board_revision(workshop, member, cluster):
    before = workshop.revision
    vote_add(actor=member.user, participant=member, workshop=workshop, target=cluster)
    assert Workshop.objects.get(pk=workshop.pk).revision == before + 1


def test_more_dots_than_per_target_gives_a_german_message(client, workshop, member, cluster):
    client.force_login(member.user)
    _vote(client, workshop, cluster)
    _vote(client, workshop, cluster)
    response = _vote(client, workshop, cluster, follow=False)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1:] == ["Auf eine Karte oder Gruppe dürfen Sie höchstens 2 Punkte setzen."]
    assert Vote.objects.get(participant=member, cluster=cluster).dots == 2


def test_more_dots_than_per_person_changes_nothing(workshop, member, cluster, loose_card):
    other = CardFactory(workshop=workshop)
    for target in (cluster, cluster, loose_card):
        vote_add(actor=member.user, participant=member, workshop=workshop, target=target)
    with pytest.raises(ValidationError) as error:
        vote_add(actor=member.user, participant=member, workshop=workshop, target=other)
    assert "alle 3 Punkte vergeben" in error.value.messages[0]
    assert sum(Vote.objects.filter(participant=member).values_list("dots", flat=True)) == 3


def test_htmx_vote_shows_remaining_dots_and_the_error_inline(client, workshop, member, cluster):
    client.force_login(member.user)
    response = _vote(client, workshop, cluster, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Noch 2 von 3 Punkten" in page
    assert "Sie sehen nur Ihre eigenen Punkte" in page
    _vote(client, workshop, cluster, HTTP_HX_REQUEST="true")
    response = _vote(client, workshop, cluster, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "höchstens 2 Punkte" in page
    assert "Noch 1 von 3 Punkten" in page


def test_voting_outside_the_vote_step_is_refused_with_a_message(client, workshop, member, cluster):
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.CLUSTER)
    client.force_login(member.user)
    response = _vote(client, workshop, cluster)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Punkte können nur im Schritt „Punkten“ vergeben werden."]
    assert not Vote.objects.exists()


def test_a_card_inside_a_cluster_is_no_target(client, workshop, member, cluster):
    client.force_login(member.user)
    card = cluster.cards.get()
    response = client.post(_url(workshop), {"target": f"card:{card.uuid}"})
    assert response.status_code == 404
    response = client.post(_url(workshop), {"target": "card:kein-uuid"})
    assert response.status_code == 404


def test_removing_a_dot_that_is_not_there(workshop, member, cluster):
    with pytest.raises(ValidationError):
        vote_remove(actor=member.user, participant=member, workshop=workshop, target=cluster)


@pytest.mark.parametrize("who", ["anonymous", "stranger", "cdo_elsewhere"])
def test_outsiders_cannot_vote(client, workshop, cluster, who, other_municipality):
    if who == "stranger":
        client.force_login(UserFactory())
    elif who == "cdo_elsewhere":
        user = UserFactory()
        MembershipFactory(user=user, role="cdo", municipality=other_municipality)
        client.force_login(user)
    response = _vote(client, workshop, cluster)
    assert response.status_code == 404
    assert not Vote.objects.exists()


def test_removed_participant_cannot_vote(workshop, member, cluster):
    member.removed_at = member.invited_at
    member.save()
    with pytest.raises(PermissionDenied):
        vote_add(actor=member.user, participant=member, workshop=workshop, target=cluster)


def test_participants_see_only_their_dots_the_facilitator_all(workshop, member, cluster):
    other = ParticipantFactory(workshop=workshop)
    vote_add(actor=member.user, participant=member, workshop=workshop, target=cluster)
    vote_add(actor=other.user, participant=other, workshop=workshop, target=cluster)

    mine = workshop_outcome(workshop, member)
    assert not mine.show_totals
    assert mine.targets[0].total_dots == 1
    assert mine.dots_left == 2

    facilitator = workshop_outcome(workshop, None, can_manage=True)
    assert facilitator.show_totals
    assert facilitator.targets[0].total_dots == 2

    Workshop.objects.filter(pk=workshop.pk).update(step=Step.RESULT)
    workshop.refresh_from_db()
    assert workshop_outcome(workshop, member).targets[0].total_dots == 2


def test_outcome_queries_do_not_grow_with_cards(
    workshop, member, cluster, loose_card, django_assert_max_num_queries
):
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    workshop = Workshop.objects.select_related("strategy").get(pk=workshop.pk)
    with django_assert_max_num_queries(8):
        workshop_outcome(workshop, member, can_manage=False)
    for _ in range(5):
        extra = ClusterFactory(workshop=workshop)
        CardFactory.create_batch(2, workshop=workshop, cluster=extra)
        card = CardFactory(workshop=workshop)
        Vote.objects.create(workshop=workshop, participant=member, card=card, dots=1)
    with django_assert_max_num_queries(8):
        outcome = workshop_outcome(workshop, member, can_manage=False)
    assert len(outcome.targets) == 12
