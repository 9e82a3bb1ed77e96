import datetime

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from blaupause.consultation.constants import Section
from blaupause.consultation.models import Comment, CommentReport, Consultation
from blaupause.strategies.constants import StrategyStatus
from tests.factories.accounts import UserFactory
from tests.factories.strategies import StrategyFactory


class ConsultationFactory(DjangoModelFactory):
    """An open round on a strategy in consultation; `ends_at` is in the past with `ended=True`."""

    class Meta:
        model = Consultation

    class Params:
        ended = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30)),
            ends_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
        )

    strategy = factory.SubFactory(StrategyFactory, status=StrategyStatus.CONSULTATION)
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    intro = "Bitte kommentieren Sie den Entwurf."


class CommentFactory(DjangoModelFactory):
    """A comment on the vision; pass `section="measure", measure=…` for an item."""

    class Meta:
        model = Comment

    consultation = factory.SubFactory(ConsultationFactory)
    section = Section.VISION
    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Anmerkung Nummer {n} zum Entwurf.")


class CommentReportFactory(DjangoModelFactory):
    class Meta:
        model = CommentReport

    comment = factory.SubFactory(CommentFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = "Unsachlich."
