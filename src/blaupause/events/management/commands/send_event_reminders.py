"""Remind confirmed participants of events that start within the next 24 hours.

Meant to run hourly (cron or a systemd timer): `blaupause send_event_reminders`. Each event is
reminded once; running the command twice, or twice at the same time, sends nothing twice.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from blaupause.events.services import event_reminders_send


class Command(BaseCommand):
    help = _(
        "Verschickt die Erinnerungen an Veranstaltungen, die in den nächsten 24 Stunden "
        "beginnen (stündlich ausführen)."
    )

    def handle(self, *args, **options):
        events = event_reminders_send()
        for event in events:
            when = timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                _("Erinnert: %(title)s (%(when)s)") % {"title": event.title, "when": when}
            )
        self.stdout.write(
            self.style.SUCCESS(_("%(count)s Veranstaltung(en) erinnert.") % {"count": len(events)})
        )
