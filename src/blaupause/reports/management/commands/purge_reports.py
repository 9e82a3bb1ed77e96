"""Delete report builds and their files after some days (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from blaupause.reports.services import KEEP_DAYS, report_builds_purge


class Command(BaseCommand):
    help = "Delete report builds and their files older than --days (default 7)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=KEEP_DAYS)

    def handle(self, *args, days: int, **options):
        count = report_builds_purge(older_than_days=days)
        self.stdout.write(f"{count} report build(s) deleted.")
