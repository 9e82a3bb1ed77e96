"""Factories for report builds."""

import factory
from factory.django import DjangoModelFactory

from blaupause.reports.models import ReportBuild


class ReportBuildFactory(DjangoModelFactory):
    class Meta:
        model = ReportBuild

    kind = "strategy"
    format = "pdf"
    subject_kind = "strategy"
    subject_key = factory.Sequence(lambda n: f"strategie-{n}")
    subject_label = "Strategiebericht"
    status = "queued"
