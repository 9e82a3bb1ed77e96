"""`blaupause import-municipalities FILE`: load municipalities from a CSV file, all or nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from blaupause.regions import services


def describe(result: services.ImportResult) -> str:
    return _(
        "%(created)s Kommunen neu, %(updated)s geändert, %(unchanged)s unverändert; "
        "%(districts_created)s Kreise neu, %(districts_updated)s geändert."
    ) % {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "districts_created": result.districts_created,
        "districts_updated": result.districts_updated,
    }


class Command(BaseCommand):
    help = _(
        "Importiert Kommunen aus einer CSV-Datei mit den Spalten "
        "ags,name,kind,district,population,population_date,source[,ars]. "
        "Ist eine Zeile fehlerhaft, wird nichts gespeichert."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Pfad zur CSV-Datei (UTF-8)"))
        parser.add_argument(
            "--geometry",
            metavar="GEOJSON",
            help=_("Optional: GeoJSON-Datei mit Gemeindegrenzen (Eigenschaft „ags“)"),
        )

    def handle(self, *args, file, geometry=None, **options):
        try:
            result = services.municipalities_import_csv(file=file)
        except services.ImportFailed as failure:
            raise CommandError(
                _("Import abgebrochen, es wurde nichts gespeichert. %(file)s:\n%(errors)s")
                % {"file": file, "errors": failure.summary()}
            ) from None
        self.stdout.write(self.style.SUCCESS(describe(result)))
        if geometry:
            try:
                loaded = services.regions_load_geometry(file=geometry)
            except services.ImportFailed as failure:
                raise CommandError(
                    _(
                        "Gemeindegrenzen nicht geladen (die Kommunen sind importiert). "
                        "%(file)s:\n%(errors)s"
                    )
                    % {"file": geometry, "errors": failure.summary()}
                ) from None
            self.stdout.write(
                _(
                    "Gemeindegrenzen: %(updated)s neu oder geändert, %(unchanged)s unverändert, "
                    "%(skipped)s ohne passende Kommune."
                )
                % {
                    "updated": loaded.updated,
                    "unchanged": loaded.unchanged,
                    "skipped": loaded.skipped,
                }
            )
