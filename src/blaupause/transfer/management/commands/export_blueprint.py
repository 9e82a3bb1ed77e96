"""`blaupause export-blueprint SLUG [--version N] [-o FILE]`: a published version as exchange
file (JSON), for import into another installation."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from blaupause.strategies.models import Strategy
from blaupause.transfer.exchange import ExchangeError, export_blueprint


class Command(BaseCommand):
    help = _("Schreibt eine veröffentlichte Version einer Blaupause als Austauschdatei (JSON).")

    def add_arguments(self, parser):
        # `--version` names the strategy version here, not the program's version.
        # argparse checks conflicts in the group that holds the options.
        parser.conflict_handler = parser._optionals.conflict_handler = "resolve"
        parser.add_argument("slug", help=_("Kurzname der Strategie"))
        parser.add_argument(
            "--version", type=int, default=None, help=_("Versionsnummer (Standard: die neueste)")
        )
        parser.add_argument(
            "-o", "--output", default="-", help=_("Datei, in die geschrieben wird (Standard: -)")
        )

    def handle(self, *args, slug, version, output, **options):
        strategy = Strategy.objects.select_related("network__region").filter(slug=slug).first()
        if strategy is None:
            raise CommandError(
                _("Eine Strategie mit dem Kurznamen „%(slug)s“ gibt es nicht.") % {"slug": slug},
                returncode=2,
            )
        try:
            data = export_blueprint(strategy, version)
        except ExchangeError as error:
            raise CommandError("\n".join(map(str, error.problems)), returncode=2) from None
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if output == "-":
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(
                _("Die Datei %(file)s kann nicht geschrieben werden: %(reason)s")
                % {"file": output, "reason": error.strerror},
                returncode=2,
            ) from None
        self.stderr.write(
            _("Version %(n)d von „%(title)s“ nach %(file)s geschrieben.")
            % {"n": data["version"]["number"], "title": strategy.title, "file": output}
        )
