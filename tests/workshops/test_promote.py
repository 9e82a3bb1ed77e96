"""Promoting a card or cluster into the draft strategy, and the way back from the item."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from blaupause.core.signals import activity
from blaupause.strategies.constants import StrategyStatus
from blaupause.strategies.models import Goal, Measure, Value
from blaupause.workshops.constants import Step
from blaupause.workshops.models import Promotion
from blaupause.workshops.selectors.outcome import item_origin
from blaupause.workshops.services.outcome import item_promote
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.strategies import FieldOfActionFactory, GoalFactory, StrategyFactory
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
    return WorkshopFactory(strategy=strategy, facilitator=coordinator, step=Step.RESULT)


@pytest.fixture
def field(workshop):
    return FieldOfActionFactory(strategy=workshop.strategy, key="B", title="Bürgerservice")


@pytest.fixture
def member(workshop):
    return ParticipantFactory(workshop=workshop)


@pytest.fixture
def cluster(workshop):
    cluster = ClusterFactory(workshop=workshop, title="Termine online buchen")
    CardFactory(workshop=workshop, cluster=cluster, text="Online-Termine im Bürgerbüro")
    CardFactory(workshop=workshop, cluster=cluster, text="Terminerinnerung per SMS", anonymous=True)
    return cluster


def _url(workshop, target):
    kind = "cluster" if target.__class__.__name__ == "Cluster" else "card"
    url = reverse("workshops:promote", kwargs={"uuid": workshop.uuid})
    return f"{url}?ziel={kind}:{target.uuid}"


def test_facilitator_promotes_a_cluster_into_a_measure(
    client, workshop, coordinator, field, cluster, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    page = client.get(_url(workshop, cluster)).content.decode()
    assert "In die Strategie übernehmen" in page
    assert 'value="Termine online buchen"' in page  # the title is prefilled

    seen = []

    def receiver(sender, **kwargs):
        seen.append((kwargs["verb"], kwargs["target"]))

    activity.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                _url(workshop, cluster),
                {
                    "ziel": f"cluster:{cluster.uuid}",
                    "kind": "measure",
                    "title": "Termine online buchen",
                    "field": field.pk,
                },
            )
    finally:
        activity.disconnect(receiver)
    assert response.status_code == 302
    measure = Measure.objects.get(strategy=workshop.strategy)
    assert measure.title == "Termine online buchen"
    assert measure.field == field
    promotion = Promotion.objects.get()
    assert (promotion.cluster, promotion.item, promotion.promoted_by) == (
        cluster,
        measure,
        coordinator,
    )
    assert seen == [("workshop.item_promoted", workshop.strategy)]

    # The measure page names its origin, the board names what became of the cluster.
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Entstanden im Workshop" in page
    assert workshop.get_absolute_url() in page
    assert "Online-Termine im Bürgerbüro" in page
    board = client.get(workshop.get_absolute_url()).content.decode()
    assert (
        f'→ <a class="kern-link" href="{measure.get_absolute_url()}">Maßnahme {measure.key}'
        in board
    )


def test_a_measure_links_to_the_chosen_goal(workshop, coordinator, field, cluster):
    goal = GoalFactory(field=field, strategy=workshop.strategy)
    measure, _promotion = item_promote(
        actor=coordinator,
        workshop=workshop,
        target=cluster,
        kind="measure",
        title="Termine online",
        values={"field": field},
        links={"goals": [goal]},
    )
    assert list(measure.goals.all()) == [goal]


@pytest.mark.parametrize(("kind", "model"), [("goal", Goal), ("value", Value)])
def test_a_card_becomes_a_goal_or_a_value(client, workshop, coordinator, field, kind, model):
    card = CardFactory(workshop=workshop, text="Niemand wird abgehängt")
    client.force_login(coordinator)
    response = client.post(
        _url(workshop, card),
        {"ziel": f"card:{card.uuid}", "kind": kind, "title": card.text, "field": field.pk},
    )
    assert response.status_code == 302
    item = model.objects.get(strategy=workshop.strategy)
    assert item.title == "Niemand wird abgehängt"
    assert Promotion.objects.get().card == card


def test_an_empty_title_gives_a_german_message(client, workshop, coordinator, field, cluster):
    client.force_login(coordinator)
    response = client.post(
        _url(workshop, cluster),
        {"ziel": f"cluster:{cluster.uuid}", "kind": "measure", "title": "  ", "field": field.pk},
    )
    assert response.status_code == 400
    assert "Bitte geben Sie einen Titel an." in response.content.decode()
    assert not Measure.objects.exists()
    assert not Promotion.objects.exists()


def test_service_errors_appear_at_the_field_and_keep_the_input(
    client, workshop, coordinator, field, cluster
):
    client.force_login(coordinator)
    response = client.post(
        _url(workshop, cluster),
        {"ziel": f"cluster:{cluster.uuid}", "kind": "measure", "title": "Mein neuer Titel"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte wählen Sie ein Handlungsfeld." in page
    assert 'value="Mein neuer Titel"' in page
    assert not Promotion.objects.exists()


def test_participants_may_not_promote(client, workshop, member, cluster, field):
    client.force_login(member.user)
    response = client.post(
        _url(workshop, cluster),
        {"ziel": f"cluster:{cluster.uuid}", "kind": "measure", "title": "X", "field": field.pk},
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        item_promote(actor=member.user, workshop=workshop, target=cluster, kind="goal", title="X")
    assert not Promotion.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "stranger", "cdo_elsewhere"])
def test_outsiders_do_not_see_the_promote_form(client, workshop, cluster, who, municipality):
    if who == "stranger":
        client.force_login(UserFactory())
    elif who == "cdo_elsewhere":
        user = UserFactory()
        MembershipFactory(user=user, role="cdo", municipality=municipality)
        client.force_login(user)
    assert client.get(_url(workshop, cluster)).status_code == 404


def test_regional_admin_may_promote(client, workshop, regional_admin, cluster, field):
    assert regional_admin.has_perm("strategies.change_strategy", workshop.strategy)
    TOTP.activate(regional_admin, generate_totp_secret())  # regional admins need a 2nd factor
    client.force_login(regional_admin)
    response = client.post(
        _url(workshop, cluster),
        {"ziel": f"cluster:{cluster.uuid}", "kind": "goal", "title": "Ziel", "field": field.pk},
    )
    assert response.status_code == 302
    assert Goal.objects.get(strategy=workshop.strategy).title == "Ziel"


def test_item_origin_is_one_query(workshop, coordinator, field, cluster, django_assert_num_queries):
    measure, _promotion = item_promote(
        actor=coordinator,
        workshop=workshop,
        target=cluster,
        kind="measure",
        title="Termine",
        values={"field": field},
    )
    ContentType.objects.get_for_model(Measure)  # cached for the rest of the process
    with django_assert_num_queries(1):
        origin = item_origin(item=measure, viewer=coordinator)
    assert origin.workshop == workshop
    assert [card.text for card in origin.cards] == [
        "Online-Termine im Bürgerbüro",
        "Terminerinnerung per SMS",
    ]
    assert origin.may_view
    assert not item_origin(item=measure, viewer=UserFactory()).may_view


def test_strategy_page_lists_workshops_for_participants_and_editors(
    client, workshop, coordinator, member
):
    strategy = workshop.strategy
    client.force_login(coordinator)
    page = client.get(strategy.get_absolute_url()).content.decode()
    assert "Workshop anlegen" in page
    assert workshop.title in page

    # Once the strategy is public, a participant finds the workshop on its page; others not.
    strategy.status = StrategyStatus.ADOPTED
    strategy.save()
    client.force_login(member.user)
    page = client.get(strategy.get_absolute_url()).content.decode()
    assert workshop.title in page
    assert "Workshop anlegen" not in page
    client.force_login(UserFactory())
    assert workshop.title not in client.get(strategy.get_absolute_url()).content.decode()

    from blaupause.workshops.templatetags.workshop_tags import strategy_workshops

    assert strategy_workshops({"user": UserFactory()}, strategy) == []
    assert strategy_workshops({}, strategy) == []
