"""`blaupause generate-load-data --scale owl|germany`: synthetic volumes for benchmarks."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from blaupause.core.loadgen import SCALES, generate


class Command(BaseCommand):
    help = _(
        "Erzeugt synthetische Lastdaten (OWL oder ganz Deutschland) für Messungen, "
        "reproduzierbar über --seed. Nur für Test- und Messinstallationen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="owl")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--fraction",
            type=float,
            default=1.0,
            help=_("Anteil der Mengen (z. B. 0.1 für ein Zehntel)"),
        )

    def handle(self, *args, scale, seed, fraction, **options):
        if not 0 < fraction <= 1:
            raise CommandError(_("--fraction muss zwischen 0 und 1 liegen."))
        call_command("migrate", interactive=False, verbosity=0)
        started = time.monotonic()
        try:
            counts = generate(
                scale,
                seed=seed,
                fraction=fraction,
                say=lambda text: self.stdout.write(f"… {text}"),
            )
        except ValueError as error:
            raise CommandError(
                _("In dieser Datenbank gibt es schon Lastdaten. Nutzen Sie eine leere Datenbank.")
            ) from error
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count:,}".replace(",", "."))
        self.stdout.write(
            self.style.SUCCESS(
                _("Lastdaten erzeugt in %(seconds).0f s.") % {"seconds": time.monotonic() - started}
            )
        )
