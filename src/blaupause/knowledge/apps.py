from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "blaupause.knowledge"
    label = "knowledge"
    verbose_name = _("Wissen und Lernen")

    def ready(self):
        from . import rules  # noqa: F401
        from .search import signals as search_signals

        search_signals.connect()
