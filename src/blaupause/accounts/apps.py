from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "blaupause.accounts"
    label = "accounts"
    verbose_name = _("Konten und Rollen")

    def ready(self):
        from . import signals  # noqa: F401
