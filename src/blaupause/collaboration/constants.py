from django.db import models
from django.utils.translation import gettext_lazy as _


class CostSplit(models.TextChoices):
    EQUAL = "equal", _("zu gleichen Teilen")
    POPULATION = "population", _("nach Einwohnerzahl")
    CUSTOM = "custom", _("eigene Anteile")


class AgreementStatus(models.TextChoices):
    IDEA = "idea", _("Idee")
    LETTER_OF_INTENT = "letter_of_intent", _("Absichtserklärung")
    AGREEMENT_SIGNED = "agreement_signed", _("öffentlich-rechtliche Vereinbarung unterzeichnet")
    ENDED = "ended", _("beendet")


class FundingStatus(models.TextChoices):
    NONE = "none", _("keine Förderung")
    PLANNED = "planned", _("geplant")
    APPLIED = "applied", _("beantragt")
    APPROVED = "approved", _("bewilligt")
    REJECTED = "rejected", _("abgelehnt")


class PartnerStatus(models.TextChoices):
    INVITED = "invited", _("eingeladen")
    ACCEPTED = "accepted", _("zugesagt")
    DECLINED = "declined", _("abgesagt")
    LEFT = "left", _("ausgetreten")


class WorkPackageStatus(models.TextChoices):
    OPEN = "open", _("offen")
    IN_PROGRESS = "in_progress", _("in Arbeit")
    DONE = "done", _("erledigt")
    BLOCKED = "blocked", _("blockiert")


class DocumentKind(models.TextChoices):
    LETTER_OF_INTENT = "letter_of_intent", _("Absichtserklärung")
    AGREEMENT = "agreement", _("Vereinbarung")
    FUNDING = "funding", _("Förderbescheid")
    OTHER = "other", _("sonstiges Dokument")


class ProcurementCategory(models.TextChoices):
    SOFTWARE = "software", _("Software / Fachverfahren")
    SAAS = "saas", _("Cloud-Dienst")
    HARDWARE = "hardware", _("Hardware")
    SERVICE = "service", _("Dienstleistung")
    CONSULTING = "consulting", _("Beratung")
    INFRASTRUCTURE = "infrastructure", _("Infrastruktur / Netz")
    OTHER = "other", _("sonstiges")


class SuggestionKind(models.TextChoices):
    JOINT_PROJECT = "joint_project", _("gemeinsames Projekt")
    JOINT_TENDER = "joint_tender", _("gemeinsame Ausschreibung")
    JOIN_PROJECT = "join_project", _("bestehendem Projekt beitreten")


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("offen")
    CONVERTED = "converted", _("in ein Projekt übernommen")
    OUTDATED = "outdated", _("nicht mehr aktuell")
