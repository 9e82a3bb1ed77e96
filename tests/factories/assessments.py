import factory
from factory.django import DjangoModelFactory

from blaupause.assessments.constants import AssessmentStatus
from blaupause.assessments.loader import criteria_load
from blaupause.assessments.models import Answer, Assessment, Criterion

from .regions import MunicipalityFactory


class AssessmentFactory(DjangoModelFactory):
    """A draft self-check for 2026 on the shipped criteria set (loaded on demand)."""

    class Meta:
        model = Assessment

    municipality = factory.SubFactory(MunicipalityFactory)
    criteria_set = factory.LazyFunction(lambda: criteria_load().criteria_set)
    year = 2026


def submitted_assessment(municipality, *, year=2026, current=2, target=3, levels=None, **kwargs):
    """A submitted self-check with every criterion answered.

    `levels` maps criterion codes to ``(current, target)`` and overrides the defaults.
    """
    assessment = AssessmentFactory(
        municipality=municipality, year=year, status=AssessmentStatus.SUBMITTED, **kwargs
    )
    levels = levels or {}
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            criterion=criterion,
            current=levels.get(criterion.code, (current, target))[0],
            target=levels.get(criterion.code, (current, target))[1],
        )
        for criterion in Criterion.objects.filter(criteria_set=assessment.criteria_set)
    )
    return assessment
