"""Recompute the synergy suggestions: all of them, or the partitions of some municipalities."""

import time

from django.core.management.base import BaseCommand, CommandError

from blaupause.collaboration.services.synergy import (
    _partitions_of,
    recompute_all,
    recompute_partitions,
)
from blaupause.regions.models import Municipality


class Command(BaseCommand):
    help = "Recompute synergy suggestions (all, or only where the given municipalities lie)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--ags", nargs="*", default=[], help="only the region/district of these AGS"
        )
        parser.add_argument(
            "--background", action="store_true", help="enqueue as a task for the worker"
        )

    def handle(self, *args, ags, background, **options):
        if background:
            from blaupause.collaboration.tasks import recompute_synergies

            recompute_synergies.enqueue()
            self.stdout.write("Neuberechnung eingereiht.")
            return
        started = time.monotonic()
        if ags:
            ids = list(Municipality.objects.filter(ags__in=ags).values_list("pk", flat=True))
            if len(ids) != len(set(ags)):
                raise CommandError("Unbekannter Gemeindeschlüssel (AGS).")
            counts = recompute_partitions(_partitions_of(ids))
        else:
            counts = recompute_all()
        seconds = time.monotonic() - started
        summary = ", ".join(f"{key}={value}" for key, value in counts.items())
        self.stdout.write(f"Synergien berechnet in {seconds:.1f} s: {summary}")
