"""Delete report builds and their files after some days, and queue again builds whose worker
died (run daily, e.g. from a systemd timer)."""

from django.core.management.base import BaseCommand

from blaupause.reports.services import (
    KEEP_DAYS,
    report_builds_housekeeping,
    report_builds_purge,
)


class Command(BaseCommand):
    help = "Delete report builds and their files older than --days (default 7)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=KEEP_DAYS)

    def handle(self, *args, days: int, **options):
        report_builds_housekeeping()
        count = report_builds_purge(older_than_days=days)
        self.stdout.write(f"{count} report build(s) deleted.")
