"""`blaupause createtoken EMAIL [--name NAME]`: create a personal API token, print its key once."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from blaupause.accounts.models import User
from blaupause.accounts.services import api_token_create


class Command(BaseCommand):
    help = _("Erstellt einen persönlichen API-Token und zeigt seinen Schlüssel einmal an.")

    def add_arguments(self, parser):
        parser.add_argument("email", help=_("E-Mail-Adresse des Kontos"))
        parser.add_argument("--name", default=_("Kommandozeile"), help=_("Bezeichnung des Tokens"))

    def handle(self, *args, email, name, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(
                _("Es gibt kein Konto mit der E-Mail-Adresse „%(email)s“.") % {"email": email}
            )
        try:
            token, key = api_token_create(actor=None, owner=user, name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(
            _(
                "API-Token „%(name)s“ für %(email)s erstellt. Der Schlüssel wird nur dieses "
                "eine Mal angezeigt:"
            )
            % {"name": token.name, "email": user.email}
        )
        # The key alone on stdout, so that scripts can capture it.
        self.stdout.write(key)
