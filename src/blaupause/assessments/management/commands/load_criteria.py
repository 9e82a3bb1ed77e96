from django.core.management.base import BaseCommand

from blaupause.assessments.loader import DEFAULT_FILE, criteria_load


class Command(BaseCommand):
    help = "Lädt den Kriterienkatalog des Selbstchecks (wiederholbar, ändert nichts doppelt)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_FILE))

    def handle(self, *args, path, **options):
        result = criteria_load(path)
        criteria_set = result.criteria_set
        if result.frozen:
            self.stdout.write(f"{criteria_set}: bereits in Gebrauch, unverändert.")
        else:
            self.stdout.write(
                f"{criteria_set}: {result.created} neu, {result.updated} aktualisiert."
            )
