"""`blaupause serve`: the production web server (gunicorn; static files through whitenoise)."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Startet den Produktionsserver (gunicorn).")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("BLAUPAUSE_BIND", "127.0.0.1:8000"),
            help=_("Adresse und Port (Standard: 127.0.0.1:8000 oder BLAUPAUSE_BIND)"),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "2")),
            help=_("Anzahl der Prozesse (Standard: 2 oder WEB_CONCURRENCY)"),
        )

    def handle(self, *args, bind, workers, **options):
        from gunicorn.app.base import BaseApplication

        from blaupause.config.wsgi import application

        if settings.DEBUG:
            self.stderr.write(self.style.WARNING(_("Warnung: DEBUG ist eingeschaltet.")))

        class Server(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", bind)
                self.cfg.set("workers", workers)
                self.cfg.set("accesslog", "-")
                self.cfg.set(
                    "forwarded_allow_ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
                )
                self.cfg.set("timeout", 60)

            def load(self):
                return application

        Server().run()
