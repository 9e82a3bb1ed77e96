"""The workshop result as Markdown and PDF: contents, access, anonymous authors stay hidden."""

from django.urls import reverse

import pytest

from blaupause.strategies.constants import StrategyStatus
from blaupause.workshops.constants import Step
from blaupause.workshops.models import Rating, Vote
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
    workshop = WorkshopFactory(
        strategy=strategy,
        facilitator=coordinator,
        step=Step.RESULT,
        question="Wie werden Termine einfacher?",
    )
    named = ParticipantFactory(workshop=workshop, display_name="Erika Offen")
    hidden = ParticipantFactory(workshop=workshop, display_name="Max Geheim")
    cluster = ClusterFactory(workshop=workshop, title="Termine")
    CardFactory(workshop=workshop, cluster=cluster, author=named, text="Online buchen")
    CardFactory(workshop=workshop, cluster=cluster, author=hidden, text="SMS", anonymous=True)
    loose = CardFactory(workshop=workshop, author=hidden, text="Geheime Idee", anonymous=True)
    Vote.objects.create(workshop=workshop, participant=named, cluster=cluster, dots=2)
    Rating.objects.create(workshop=workshop, participant=named, cluster=cluster, impact=5, effort=2)
    Rating.objects.create(workshop=workshop, participant=named, card=loose, impact=1, effort=5)
    field = FieldOfActionFactory(strategy=strategy, key="T")
    item_promote(
        actor=coordinator,
        workshop=workshop,
        target=cluster,
        kind="measure",
        title="Termine online",
        values={"field": field},
    )
    return workshop


def _url(workshop, fmt):
    name = "workshops:result_markdown" if fmt == "md" else "workshops:result_pdf"
    return reverse(name, kwargs={"uuid": workshop.uuid})


def test_markdown_export(client, workshop):
    member = workshop.participants.get(display_name="Erika Offen")
    client.force_login(member.user)
    response = client.get(_url(workshop, "md"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert f"# Workshop-Ergebnis: {workshop.title}" in text
    assert "Wie werden Termine einfacher?" in text
    assert "## Gruppen und Karten" in text
    assert "Online buchen (von Erika Offen)" in text
    assert "- SMS" in text
    assert "## Rangfolge" in text
    assert "Schnelle Erfolge" in text
    assert "Zeitfresser" in text
    assert "Termine online" in text
    assert "**Teilnehmende:** 2" in text
    # Authors of anonymous cards never appear.
    assert "Max Geheim" not in text


def test_pdf_export(client, workshop, coordinator):
    client.force_login(coordinator)
    response = client.get(_url(workshop, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"Max Geheim" not in response.content


@pytest.mark.parametrize("fmt", ["md", "pdf"])
def test_outsiders_get_no_export(client, workshop, fmt, other_municipality):
    assert client.get(_url(workshop, fmt)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(_url(workshop, fmt)).status_code == 404
    cdo = UserFactory()
    MembershipFactory(user=cdo, role="cdo", municipality=other_municipality)
    client.force_login(cdo)
    assert client.get(_url(workshop, fmt)).status_code == 404


def test_export_queries_do_not_grow(client, workshop, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)
    client.get(_url(workshop, "md"))
    with django_assert_max_num_queries(60) as first:
        client.get(_url(workshop, "md"))
    count = len(first.captured_queries)
    member = workshop.participants.first()
    for _ in range(5):
        cluster = ClusterFactory(workshop=workshop)
        CardFactory(workshop=workshop, cluster=cluster, author=member)
        Vote.objects.create(workshop=workshop, participant=member, cluster=cluster, dots=1)
    with django_assert_max_num_queries(count):
        client.get(_url(workshop, "md"))
