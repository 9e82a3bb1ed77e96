"""Choices and limits of the consultation app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_COMMENT_LENGTH = 5000
MAX_REASON_LENGTH = 1000
MAX_REPLY_LENGTH = 5000
MAX_INTRO_LENGTH = 5000


class Section(models.TextChoices):
    """The part of a strategy a comment is about."""

    VISION = "vision", _("Leitbild und Präambel")
    VALUE = "value", _("Wert")
    FIELD = "field", _("Handlungsfeld")
    GOAL = "goal", _("Ziel")
    MEASURE = "measure", _("Maßnahme")


class Outcome(models.TextChoices):
    """How the coordination dealt with a comment."""

    OPEN = "open", _("noch offen")
    ADOPTED = "adopted", _("übernommen")
    CONSIDERED = "considered", _("berücksichtigt")
    REJECTED = "rejected", _("nicht übernommen")


#: Section kind → name of the foreign key on `Comment` that points to the commented item.
TARGET_FIELDS = {
    Section.VALUE: "value",
    Section.FIELD: "field",
    Section.GOAL: "goal",
    Section.MEASURE: "measure",
}
