"""`blaupause restore FILE [--force]`: restore a backup archive into an empty installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from blaupause.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = _("Spielt eine Sicherung in eine leere Installation zurück.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help=_("Archivdatei von „blaupause backup“"))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("auch eine Datenbank mit Inhalten vollständig ersetzen"),
        )

    def handle(self, *args, **options):
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(
                _("Die Datei %(path)s gibt es nicht.") % {"path": path}, returncode=2
            )
        try:
            manifest = restore_backup(path, force=options["force"])
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(
            _("Sicherung vom %(date)s wiederhergestellt (%(rows)d Datensätze).")
            % {"date": manifest.created_at, "rows": sum(manifest.counts.values())}
        )
