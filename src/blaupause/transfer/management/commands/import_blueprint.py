"""`blaupause import-blueprint FILE --network SLUG [--dry-run]`: import an exchange file, all
or nothing; a second run with the same file changes nothing."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from blaupause.regions.models import Network
from blaupause.transfer.exchange import (
    ExchangeError,
    ImportPlan,
    import_blueprint,
    plan_import,
)


def plan_lines(plan: ImportPlan) -> list[str]:
    """The dry run as German text lines, one per kind of item."""
    lines = []
    for row in plan.rows:
        lines.append(
            _(
                "  %(label)s: %(create)d neu, %(update)d geändert, %(unchanged)d unverändert, "
                "%(delete)d entfernt"
            )
            % {
                "label": row["label"],
                "create": row.get("create", 0),
                "update": row.get("update", 0),
                "unchanged": row.get("unchanged", 0),
                "delete": row.get("delete", 0),
            }
        )
    return lines


class Command(BaseCommand):
    help = _(
        "Importiert eine Blaupausen-Datei (JSON) in ein Netzwerk: ganz oder gar nicht; "
        "derselbe Import ein zweites Mal ändert nichts."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("die Austauschdatei (JSON)"))
        parser.add_argument("--network", required=True, help=_("Kurzname des Netzwerks"))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("nur zeigen, was geschähe; nichts speichern")
        )

    def fail(self, lines: list[str]):
        raise CommandError("\n".join(lines), returncode=2)

    def handle(self, *args, file, network, dry_run, **options):
        target = Network.objects.select_related("region").filter(slug=network).first()
        if target is None:
            self.fail([_("Ein Netzwerk „%(slug)s“ gibt es nicht.") % {"slug": network}])
        data = self.read(file)
        plan = plan_import(data, target_network=target)
        header = _("Die Datei %(file)s kann nicht importiert werden:") % {"file": file}
        if not plan.ok:
            self.fail([header, *(f"  – {reason}" for reason in plan.reasons())])
        if not plan.changes:
            self.stdout.write(plan.message)
            return
        if plan.action == "create":
            intro = _("„%(title)s“ (Version %(n)d) wird im Netzwerk „%(network)s“ angelegt:")
        else:
            intro = _("„%(title)s“ wird im Netzwerk „%(network)s“ auf Version %(n)d gebracht:")
        self.stdout.write(intro % {"title": plan.title, "n": plan.version, "network": target.name})
        for line in plan_lines(plan):
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(_("Probelauf: nichts gespeichert."))
            return
        try:
            result = import_blueprint(data, actor=None, target_network=target)
        except ExchangeError as error:
            self.fail([header, *(f"  – {problem}" for problem in error.problems)])
        self.stdout.write(
            self.style.SUCCESS(
                _("Importiert als Version %(n)d: %(url)s")
                % {"n": result.version.number, "url": result.strategy.get_absolute_url()}
            )
        )

    def read(self, file: str):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            self.fail([_("Die Datei %(file)s gibt es nicht.") % {"file": file}])
        except UnicodeDecodeError:
            self.fail([_("Die Datei %(file)s ist nicht in UTF-8 gespeichert.") % {"file": file}])
        except OSError as error:
            self.fail(
                [
                    _("Die Datei %(file)s kann nicht gelesen werden: %(reason)s")
                    % {"file": file, "reason": error.strerror}
                ]
            )
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            self.fail(
                [
                    _("Die Datei %(file)s ist kein gültiges JSON (Zeile %(line)d, Spalte %(col)d).")
                    % {"file": file, "line": error.lineno, "col": error.colno}
                ]
            )
        except RecursionError:
            self.fail([_("Die Datei %(file)s ist zu tief verschachtelt.") % {"file": file}])
