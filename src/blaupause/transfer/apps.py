from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "blaupause.transfer"
    label = "transfer"
    verbose_name = _("Übertragung")

    def ready(self) -> None:
        from blaupause.strategies import hooks
        from blaupause.strategies.signals import item_changed

        from . import services

        hooks.register_reason_check(services.reason_needed, help_text=services.reason_help)
        item_changed.connect(services.adaptation_record, dispatch_uid="transfer.adaptation")
