"""`blaupause load-blueprint KEY`: load a shipped reference blueprint (e.g. `lippe`)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from blaupause.strategies.blueprints import BlueprintError, available_blueprints, blueprint_load


class Command(BaseCommand):
    help = _(
        "Lädt eine mitgelieferte Blaupause als Strategie (wiederholbar: ein zweiter Lauf "
        "ändert nichts)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "key",
            help=_("Kennung der Blaupause, z. B. %(keys)s")
            % {"keys": ", ".join(available_blueprints()) or "lippe"},
        )

    def handle(self, *args, key, **options):
        try:
            result = blueprint_load(key)
        except BlueprintError as exc:
            lines = [_("Die Blaupause „%(key)s“ kann nicht geladen werden:") % {"key": key}]
            lines += [f"  – {problem}" for problem in exc.problems]
            raise CommandError("\n".join(lines)) from None
        strategy = result.strategy
        if not result.created:
            self.stdout.write(
                _("„%(title)s“ ist bereits vorhanden – nichts geändert.")
                % {"title": strategy.title}
            )
            return
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "„%(title)s“ geladen: %(fields)d Handlungsfelder, %(goals)d Ziele, "
                    "%(measures)d Maßnahmen, %(indicators)d Kennzahlen, %(milestones)d "
                    "Meilensteine; veröffentlicht als Version 1."
                )
                % {"title": strategy.title, **counts}
            )
        )
        self.stdout.write(_("Adresse: %(url)s") % {"url": strategy.get_absolute_url()})
