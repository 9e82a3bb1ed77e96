from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "blaupause.commitments"
    label = "commitments"
    verbose_name = _("Beteiligungen und Fortschritt")
