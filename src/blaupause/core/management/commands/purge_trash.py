"""`blaupause purge_trash`: delete for good what lies in the trash longer than 30 days."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from blaupause.core.trash import retention_days, trash_purge


class Command(BaseCommand):
    help = _(
        "Löscht endgültig, was länger als die Aufbewahrungsfrist (30 Tage) im Papierkorb "
        "liegt. Für einen täglichen Timer gedacht."
    )

    def handle(self, *args, **options):
        result = trash_purge()
        self.stdout.write(
            _("%(count)s Einträge endgültig gelöscht (älter als %(days)s Tage).")
            % {"count": result.total, "days": retention_days()}
        )
        for name, count in sorted(result.purged.items()):
            self.stdout.write(f"  {name}: {count}")
        if result.kept:
            self.stdout.write(
                self.style.WARNING(
                    _("%(count)s Einträge bleiben, weil andere Daten auf sie verweisen.")
                    % {"count": len(result.kept)}
                )
            )
