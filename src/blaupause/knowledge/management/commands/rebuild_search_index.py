"""Rebuild the search index from all articles, measures, joint projects and events."""

from django.core.management.base import BaseCommand

from blaupause.knowledge.search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuilds the full-text search index (after a restore or an import)."

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(self.style.SUCCESS(f"{count} documents indexed."))
