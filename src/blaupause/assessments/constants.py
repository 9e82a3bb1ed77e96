from django.db import models
from django.utils.translation import gettext_lazy as _

LEVELS = (0, 1, 2, 3, 4)
MIN_LEVEL, MAX_LEVEL = 0, 4


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("Abgeschlossen")
