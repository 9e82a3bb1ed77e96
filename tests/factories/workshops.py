"""Factories of the workshops app: a workshop on a draft strategy, participants, cards, clusters."""

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from blaupause.strategies.constants import StrategyStatus
from blaupause.workshops.constants import Focus, Step
from blaupause.workshops.models import Card, Cluster, Participant, Workshop
from tests.factories.accounts import UserFactory
from tests.factories.strategies import StrategyFactory


class WorkshopFactory(DjangoModelFactory):
    """A workshop on a network's draft strategy, in the collect step."""

    class Meta:
        model = Workshop

    strategy = factory.SubFactory(StrategyFactory, status=StrategyStatus.DRAFT)
    title = factory.Sequence(lambda n: f"Ideenwerkstatt {n}")
    question = "Was brauchen unsere Kommunen, um gemeinsam digital zu werden?"
    focus = Focus.MEASURES
    step = Step.COLLECT
    facilitator = factory.SubFactory(UserFactory)
    dots_per_person = 3


class ParticipantFactory(DjangoModelFactory):
    """An account on the board; pass ``user=None`` for an external participant."""

    class Meta:
        model = Participant

    workshop = factory.SubFactory(WorkshopFactory)
    user = factory.SubFactory(UserFactory)
    display_name = factory.LazyAttribute(
        lambda obj: obj.user.get_full_name() if obj.user else "Gast"
    )
    joined_at = factory.LazyFunction(timezone.now)


class ClusterFactory(DjangoModelFactory):
    class Meta:
        model = Cluster

    workshop = factory.SubFactory(WorkshopFactory)
    title = factory.Sequence(lambda n: f"Gruppe {n}")
    order = factory.Sequence(lambda n: n)


class CardFactory(DjangoModelFactory):
    """An idea card written by a participant of the same workshop."""

    class Meta:
        model = Card

    workshop = factory.SubFactory(WorkshopFactory)
    author = factory.SubFactory(ParticipantFactory, workshop=factory.SelfAttribute("..workshop"))
    text = factory.Sequence(lambda n: f"Idee {n}: gemeinsames Serviceportal")
    order = factory.Sequence(lambda n: n)
