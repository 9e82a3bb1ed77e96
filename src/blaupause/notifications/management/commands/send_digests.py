"""Send the e-mail digests (run daily and weekly by a timer)."""

from django.core.management.base import BaseCommand

from blaupause.notifications.constants import Frequency
from blaupause.notifications.services import digests_send


class Command(BaseCommand):
    help = "Send one digest mail per person with mails daily or weekly (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=[Frequency.DAILY.value, Frequency.WEEKLY.value],
            required=True,
            help="daily or weekly",
        )

    def handle(self, *args, frequency: str, **options):
        sent = digests_send(frequency=frequency)
        self.stdout.write(f"{sent} digest mail(s) sent ({frequency}).")
