from django.db import models
from django.utils.translation import gettext_lazy as _


class EventFormat(models.TextChoices):
    DIGITAL = "digital", _("digital")
    IN_PERSON = "in_person", _("in Präsenz")
    HYBRID = "hybrid", _("hybrid")


class Audience(models.TextChoices):
    PUBLIC = "public", _("öffentlich")
    MEMBERS = "members", _("Mitglieder des Netzwerks")
    INVITED = "invited", _("nur eingeladene Personen")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("angemeldet")
    WAITLISTED = "waitlisted", _("auf der Warteliste")
    CANCELLED = "cancelled", _("abgemeldet")


class DecisionKind(models.TextChoices):
    NOTE = "note", _("Beschluss ohne Verknüpfung")
    MEASURE_CREATED = "measure_created", _("neue Maßnahme")
    MEASURE_UPDATED = "measure_updated", _("Maßnahme geändert")
    COMMITMENT_CREATED = "commitment_created", _("neue Beteiligung")
    COMMITMENT_UPDATED = "commitment_updated", _("Beteiligung geändert")


#: Events are entered and shown in this time zone.
EVENT_TIME_ZONE = "Europe/Berlin"
#: Longest text of a description or minutes.
MAX_TEXT_LENGTH = 20_000
