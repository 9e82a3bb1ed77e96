from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleKind(models.TextChoices):
    TEMPLATE = "template", _("Vorlage")
    COUNCIL_DRAFT = "council_draft", _("Beschlussvorlage")
    TENDER = "tender", _("Ausschreibungsunterlage")
    LESSONS_LEARNED = "lessons_learned", _("Erfahrungsbericht")
    HOWTO = "howto", _("Anleitung")
    BEST_PRACTICE = "best_practice", _("Praxisbeispiel")


class Licence(models.TextChoices):
    CC_BY_4 = "CC-BY-4.0", _("Creative Commons Namensnennung 4.0 (CC BY 4.0)")
    CC_BY_SA_4 = "CC-BY-SA-4.0", _("Creative Commons Namensnennung – Weitergabe 4.0 (CC BY-SA 4.0)")
    CC0 = "CC0-1.0", _("Creative Commons Zero 1.0 (gemeinfrei)")
    DL_BY_2 = "dl-de-by-2.0", _("Datenlizenz Deutschland – Namensnennung 2.0")
    DL_ZERO_2 = "dl-de-zero-2.0", _("Datenlizenz Deutschland – Zero 2.0")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    PUBLISHED = "published", _("veröffentlicht")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("öffentlich")
    MEMBERS = "members", _("nur angemeldete Mitglieder der Region")


class OfferKind(models.TextChoices):
    COURSE = "course", _("Kurs")
    WEBINAR = "webinar", _("Webinar")
    GUIDE = "guide", _("Leitfaden")
    MENTORING = "mentoring", _("Mentoring")


class OfferRole(models.TextChoices):
    CDO = "cdo", _("Digitalisierungsverantwortliche")
    CONTRIBUTOR = "contributor", _("Mitwirkende")
    LEADERSHIP = "leadership", _("Verwaltungsleitung")
    ALL = "all", _("alle Beschäftigten")


#: Largest attachment of an article, in bytes.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
#: Longest article text.
MAX_BODY_LENGTH = 100_000
