from django.db import models
from django.utils.translation import gettext_lazy as _


class Focus(models.TextChoices):
    """What a workshop works on (the strategy's development phase)."""

    GOALS_VALUES = "goals_values", _("Ziele & Werte")
    MEASURES = "measures", _("Maßnahmen sammeln")
    PRIORITISE = "prioritise", _("Priorisieren")


class Step(models.TextChoices):
    """The step the facilitator has switched the workshop to, in this order."""

    PREPARATION = "preparation", _("Vorbereitung")
    COLLECT = "collect", _("Sammeln")
    CLUSTER = "cluster", _("Gruppieren")
    VOTE = "vote", _("Punkten")
    RATE = "rate", _("Bewerten")
    RESULT = "result", _("Ergebnis")
    CLOSED = "closed", _("Abgeschlossen")


STEP_ORDER = [step.value for step in Step]

#: Longest idea card text (characters).
MAX_CARD_LENGTH = 500
#: Dots per person allowed in the workshop settings.
MIN_DOTS, MAX_DOTS = 1, 20
#: Scale of the impact/effort matrix.
RATING_MIN, RATING_MAX = 1, 5
#: An external invitation link is valid this many days.
EXTERNAL_INVITATION_VALID_DAYS = 14
