"""`blaupause backup [-o FILE]`: write a backup archive while the service keeps running."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from blaupause.core.backup import create_backup


class Command(BaseCommand):
    help = _("Sichert Datenbank und hochgeladene Dateien in eine Archivdatei.")

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help=_("Zieldatei (Standard: backups/blaupause-JJJJMMTT-HHMMSS.tar.gz im Datenordner)"),
        )

    def handle(self, *args, **options):
        if options["output"]:
            target = Path(options["output"])
        else:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            target = Path(settings.DATA_DIR) / "backups" / f"blaupause-{stamp}.tar.gz"
        manifest = create_backup(target)
        rows = sum(manifest.counts.values())
        files = len(manifest.files) - 1
        self.stdout.write(
            _("Sicherung geschrieben: %(path)s (%(rows)d Datensätze, %(files)d Dateien).")
            % {"path": target, "rows": rows, "files": files}
        )
