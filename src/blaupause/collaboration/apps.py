from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "blaupause.collaboration"
    label = "collaboration"
    verbose_name = _("Zusammenarbeit")

    def ready(self):
        # Rules register the permissions; tasks connect the receivers that recompute synergy
        # suggestions when plans or commitments change.
        from . import rules, tasks  # noqa: F401
