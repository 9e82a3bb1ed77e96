"""`blaupause load_regions`: the region OWL with districts, municipalities and boundaries."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from blaupause.regions import demo, services
from blaupause.regions.models import Municipality

from .import_municipalities import describe


class Command(BaseCommand):
    help = _(
        "Lädt die Referenzdaten der Region Ostwestfalen-Lippe (7 Kreise, 70 Kommunen, "
        "Gemeindegrenzen). Wiederholbar: ein zweiter Lauf ändert nichts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--germany",
            action="store_true",
            help=_("Zusätzlich alle 10.786 Kommunen Deutschlands importieren"),
        )

    def handle(self, *args, germany=False, **options):
        try:
            region = demo.load_reference_data()
            self.stdout.write(
                self.style.SUCCESS(
                    _("Region %(region)s: %(districts)s Kreise, %(municipalities)s Kommunen.")
                    % {
                        "region": region.name,
                        "districts": region.districts.count(),
                        "municipalities": Municipality.objects.filter(
                            district__region=region
                        ).count(),
                    }
                )
            )
            if germany:
                result = services.municipalities_import_csv(file=demo.DE_CSV)
                self.stdout.write(_("Deutschland: %s") % describe(result))
        except services.ImportFailed as failure:
            raise CommandError(failure.summary()) from None
