"""Write `docs/open-data.md` from the dataset registry."""

from pathlib import Path

from django.core.management.base import BaseCommand

from blaupause.opendata.reference import render

DEFAULT = Path(__file__).resolve().parents[5] / "docs" / "open-data.md"


class Command(BaseCommand):
    help = "Write the open-data reference (docs/open-data.md) from the dataset registry."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(DEFAULT), help="target file")

    def handle(self, *args, output: str, **options):
        Path(output).write_text(render(), encoding="utf-8")
        self.stdout.write(f"{output} written")
