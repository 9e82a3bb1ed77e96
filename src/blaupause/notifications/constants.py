"""Choices of the notifications app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    INSTANT = "instant", _("sofort")
    DAILY = "daily", _("täglich")
    WEEKLY = "weekly", _("wöchentlich")
    OFF = "off", _("aus")


#: Mails for people who never chose: one digest a day.
DEFAULT_FREQUENCY = Frequency.DAILY

#: What can be followed, as "app_label.model_name" (projects join once they exist).
FOLLOWABLE = (
    "strategies.strategy",
    "strategies.measure",
    "regions.network",
    "events.event",
    "collaboration.jointproject",
)
