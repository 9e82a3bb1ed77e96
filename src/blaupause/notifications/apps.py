from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "blaupause.notifications"
    label = "notifications"
    verbose_name = _("Benachrichtigungen")

    def ready(self):
        from . import receivers  # noqa: F401
