"""`blaupause demo`: database, OWL reference data, demo content and accounts — then serve."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from blaupause.accounts import demo as accounts_demo
from blaupause.assessments import demo as assessments_demo
from blaupause.collaboration import demo_procurement as collaboration_demo_procurement
from blaupause.collaboration import demo_projects as collaboration_demo_projects
from blaupause.collaboration.models import SynergySuggestion
from blaupause.collaboration.services import synergy as synergy_services
from blaupause.commitments import demo as commitments_demo
from blaupause.consultation import demo as consultation_demo
from blaupause.events import demo as events_demo
from blaupause.knowledge import demo_articles, demo_learning
from blaupause.knowledge.models import SearchDocument
from blaupause.knowledge.search import indexing as search_indexing
from blaupause.regions import demo as regions_demo
from blaupause.regions import demo_governance
from blaupause.strategies import demo as strategies_demo
from blaupause.workshops import demo as workshops_demo
from blaupause.workshops import demo_outcome as workshops_demo_outcome


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise CommandError(
            _("Ungültiger Port „%(value)s“: bitte eine Zahl von 1 bis 65535.") % {"value": value}
        ) from None
    if not 1 <= port <= 65535:
        raise CommandError(
            _("Ungültiger Port „%(value)s“: bitte eine Zahl von 1 bis 65535.") % {"value": value}
        )
    return port


class Command(BaseCommand):
    help = _(
        "Richtet Datenbank, Referenzdaten, Demo-Inhalte und Demo-Konten ein (wiederholbar) "
        "und startet den Server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000", help=_("Port (Standard: 8000)"))
        parser.add_argument(
            "--no-serve", action="store_true", help=_("Nur einrichten, keinen Server starten")
        )

    def handle(self, *args, port, no_serve, **options):
        port = _port(str(port))
        verbosity = options.get("verbosity", 1)
        self.stdout.write(_("Datenbank wird eingerichtet …"))
        call_command("migrate", interactive=False, verbosity=0)
        first_run = (
            not SynergySuggestion.all_objects.exists() or not SearchDocument.objects.exists()
        )
        self.stdout.write(_("Referenzdaten der Region OWL werden geladen …"))
        regions_demo.load_reference_data()
        regions_demo.load_demo_content()
        self.stdout.write(_("Rahmenstrategie „Lippe lebt Digitalisierung“ wird geladen …"))
        strategies_demo.load_demo_content()
        self.stdout.write(_("Beispiel-Beteiligungen der lippischen Kommunen werden angelegt …"))
        commitments_demo.load_demo_commitments()
        self.stdout.write(_("Beispiel-Selbstchecks der 70 OWL-Kommunen werden angelegt …"))
        assessments_demo.load_demo_assessments()
        self.stdout.write(_("Demo-Konten werden angelegt …"))
        accounts = accounts_demo.load_demo_accounts()
        self.stdout.write(_("Netzwerkleben: Organisation, Termine, Workshops, Konsultation …"))
        demo_governance.load_demo_governance()
        consultation_demo.load_demo_consultation()
        events_demo.load_demo_events()
        collaboration_demo_projects.load_demo_projects()
        collaboration_demo_procurement.load_demo_procurement()
        workshops_demo.load_demo_workshops()
        workshops_demo_outcome.load_demo_outcome()
        self.stdout.write(_("Wissen und Lernen: Artikel, Lernangebote, Lernpfade …"))
        demo_articles.load_demo_articles()
        demo_learning.load_demo_learning()
        # Both are derived data that the apps keep current on every change; the demo builds
        # them on its first run (its loaders write in bulk) and leaves them alone afterwards.
        if first_run:
            self.stdout.write(_("Synergievorschläge und Suchindex werden berechnet …"))
            synergy_services.recompute_all()
            search_indexing.rebuild()

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Blaupause ist bereit.")))
        self.stdout.write(_("Adresse: http://127.0.0.1:%(port)s/") % {"port": port})
        self.stdout.write(
            _("Demo-Konten (Passwort für alle: %(password)s):")
            % {"password": accounts_demo.DEMO_PASSWORD}
        )
        for account in accounts:
            self.stdout.write(f"  {account['email']:<38} {account['role']} – {account['scope']}")
        self.stdout.write(
            _(
                "Der Regionaladmin meldet sich zusätzlich mit einem Einmalcode an: "
                "blaupause demo-totp %(email)s"
            )
            % {"email": accounts[0]["email"]}
            if accounts
            else ""
        )
        self.stdout.write(_("E-Mails (z. B. Einladungen) erscheinen in dieser Konsole."))
        if no_serve:
            return
        if not settings.DEBUG and verbosity:
            self.stdout.write(self.style.WARNING(_("Hinweis: DEBUG ist aus.")))
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
