from django.db import models
from django.utils.translation import gettext_lazy as _


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    CONSULTATION = "consultation", _("Konsultation")
    ADOPTED = "adopted", _("Beschlossen")
    REVIEW = "review", _("In Überprüfung")


#: Lifecycle: which status may follow which.
STATUS_TRANSITIONS: dict[str, set[str]] = {
    StrategyStatus.DRAFT: {StrategyStatus.CONSULTATION, StrategyStatus.ADOPTED},
    StrategyStatus.CONSULTATION: {StrategyStatus.DRAFT, StrategyStatus.ADOPTED},
    StrategyStatus.ADOPTED: {StrategyStatus.REVIEW},
    StrategyStatus.REVIEW: {
        StrategyStatus.DRAFT,
        StrategyStatus.CONSULTATION,
        StrategyStatus.ADOPTED,
    },
}


class Effort(models.TextChoices):
    LOW = "niedrig", _("niedrig")
    MEDIUM = "mittel", _("mittel")
    HIGH = "hoch", _("hoch")


class CostBand(models.TextChoices):
    UNDER_10K = "unter 10.000 €", _("unter 10.000 €")
    FROM_10K = "10.000–50.000 €", _("10.000–50.000 €")
    FROM_50K = "50.000–250.000 €", _("50.000–250.000 €")
    OVER_250K = "über 250.000 €", _("über 250.000 €")


class Direction(models.TextChoices):
    INCREASE = "increase", _("steigen")
    DECREASE = "decrease", _("sinken")
