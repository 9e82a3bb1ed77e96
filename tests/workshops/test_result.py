"""The result step: ranking by dots, then impact and effort; what became of each entry."""

from django.urls import reverse

import pytest

from blaupause.strategies.constants import StrategyStatus
from blaupause.workshops.constants import Step
from blaupause.workshops.models import Rating, Vote, Workshop
from blaupause.workshops.selectors.outcome import outcome_context, workshop_outcome
from blaupause.workshops.services.outcome import item_promote
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.strategies import FieldOfActionFactory, StrategyFactory
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
def member(workshop):
    return ParticipantFactory(workshop=workshop)


def _dots(workshop, participant, target, dots):
    kind = "cluster" if target.__class__.__name__ == "Cluster" else "card"
    Vote.objects.create(workshop=workshop, participant=participant, dots=dots, **{kind: target})


def _rate(workshop, participant, target, impact, effort):
    kind = "cluster" if target.__class__.__name__ == "Cluster" else "card"
    Rating.objects.create(
        workshop=workshop, participant=participant, impact=impact, effort=effort, **{kind: target}
    )


def test_ranking_by_dots_then_impact_then_effort(workshop, member):
    top = ClusterFactory(workshop=workshop, title="Digitale Anträge")
    quick = CardFactory(workshop=workshop, text="Schnell und wirksam")
    slow = CardFactory(workshop=workshop, text="Wirksam, aber aufwendig")
    none = CardFactory(workshop=workshop, text="Ohne Punkte")
    _dots(workshop, member, top, 3)
    _dots(workshop, member, quick, 1)
    _dots(workshop, member, slow, 1)
    _rate(workshop, member, quick, 5, 1)
    _rate(workshop, member, slow, 5, 5)
    ranking = [target.title for target in workshop_outcome(workshop, member).ranking]
    assert ranking == [
        "Digitale Anträge",
        "Schnell und wirksam",
        "Wirksam, aber aufwendig",
        none.text,
    ]


def test_result_page_shows_ranking_matrix_and_promotions(client, workshop, coordinator, member):
    field = FieldOfActionFactory(strategy=workshop.strategy, key="B")
    cluster = ClusterFactory(workshop=workshop, title="Digitale Anträge")
    CardFactory(workshop=workshop, cluster=cluster, text="Wohngeld online")
    _dots(workshop, member, cluster, 2)
    _rate(workshop, member, cluster, 4, 2)
    measure, _promotion = item_promote(
        actor=coordinator,
        workshop=workshop,
        target=cluster,
        kind="measure",
        title="Digitale Anträge",
        values={"field": field},
    )
    client.force_login(member.user)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Rangfolge" in page
    assert "Schnelle Erfolge" in page
    assert "<desc" in page
    assert "Wirkung und Aufwand als Tabelle" in page
    assert f"Maßnahme {measure.key}" in page
    assert reverse("workshops:result_pdf", kwargs={"uuid": workshop.uuid}) in page
    assert "In die Strategie übernehmen" not in page  # only the facilitator promotes

    client.force_login(coordinator)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "In die Strategie übernehmen" in page


def test_closed_workshop_still_shows_the_result(client, workshop, member):
    CardFactory(workshop=workshop, text="Eine Idee")
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.CLOSED)
    client.force_login(member.user)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Ergebnis des abgeschlossenen Workshops" in page
    assert "Eine Idee" in page


def test_outcome_context_is_empty_before_voting(workshop, member):
    Workshop.objects.filter(pk=workshop.pk).update(step=Step.CLUSTER)
    workshop.refresh_from_db()
    assert outcome_context(workshop, member) == {}


def test_result_page_queries_do_not_grow(client, workshop, member, django_assert_max_num_queries):
    client.force_login(member.user)
    url = workshop.get_absolute_url()
    CardFactory(workshop=workshop)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    count = len(few.captured_queries)
    for _ in range(5):
        cluster = ClusterFactory(workshop=workshop)
        card = CardFactory(workshop=workshop, cluster=cluster)
        _dots(workshop, member, cluster, 1)
        _rate(workshop, member, cluster, 3, 3)
        CardFactory(workshop=workshop, text=card.text + " weiter")
    with django_assert_max_num_queries(count):
        client.get(url)


def test_demo_outcome_adds_ratings_and_promotions_once(workshop, member):
    from blaupause.workshops.demo import CLUSTERS, TITLE
    from blaupause.workshops.demo_outcome import load_demo_outcome
    from blaupause.workshops.models import Promotion
    from tests.factories.strategies import GoalFactory, MeasureFactory

    Workshop.objects.filter(pk=workshop.pk).update(title=TITLE, step=Step.CLOSED)
    for title in CLUSTERS:
        ClusterFactory(workshop=workshop, title=title)
    field = FieldOfActionFactory(strategy=workshop.strategy)
    measure = MeasureFactory(strategy=workshop.strategy, field=field, title="Online-Terminportal")
    GoalFactory(strategy=workshop.strategy, field=field, title="Digitale Teilhabe für alle")

    assert load_demo_outcome() is not None
    counts = (Rating.objects.count(), Promotion.objects.count())
    assert counts == (3 * workshop.participants.count(), 2)
    load_demo_outcome()
    assert (Rating.objects.count(), Promotion.objects.count()) == counts
    workshop.refresh_from_db()
    outcome = workshop_outcome(workshop, member)
    by_title = {target.title: target for target in outcome.targets}
    assert by_title["Bürgerservice online"].promotions[0].label == f"Maßnahme {measure.key}"
    assert by_title["Bürgerservice online"].quadrant_label == "Schnelle Erfolge"
