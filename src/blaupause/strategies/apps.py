from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategiesConfig(AppConfig):
    name = "blaupause.strategies"
    label = "strategies"
    verbose_name = _("Strategien")

    def ready(self):
        from django.utils.translation import gettext

        from blaupause.core.trash import register_restore

        from .items import KINDS
        from .services.items import item_restore

        def restore(*, actor, obj):
            # Items come back through their own service: key and parent checks, history reason.
            item_restore(actor=actor, item=obj, reason=gettext("aus dem Papierkorb zurückgeholt"))

        for kind in KINDS:
            register_restore(kind.model._meta.label, restore)
