"""`blaupause demo-totp EMAIL`: the current one-time code of a demo account's authenticator.

Demo accounts only: the demo regional admin needs a second factor, and people trying the demo
(and the browser tests) have no phone app set up for it.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

from blaupause.accounts.models import User

#: Print a code only if it stays valid at least this long.
MIN_SECONDS_LEFT = 5


class Command(BaseCommand):
    help = _("Zeigt den aktuellen Einmalcode eines Demo-Kontos (nur Demo-Konten).")

    def add_arguments(self, parser):
        parser.add_argument("email", help=_("E-Mail-Adresse des Demo-Kontos"))

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(
                _("Es gibt kein Konto mit der E-Mail-Adresse „%(email)s“.") % {"email": email}
            )
        if not user.is_demo:
            raise CommandError(
                _("%(email)s ist kein Demo-Konto; Einmalcodes gibt es nur für Demo-Konten.")
                % {"email": user.email}
            )
        authenticator = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(
                _("Das Demo-Konto %(email)s hat keine Authenticator-App eingerichtet.")
                % {"email": user.email}
            )
        secret = decrypt(authenticator.data["secret"])
        period = mfa_settings.TOTP_PERIOD
        remaining = period - int(time.time()) % period
        if remaining < MIN_SECONDS_LEFT:
            # A code about to expire would fail on its way into the form: wait for the next.
            time.sleep(remaining)
        now = time.time()
        counter = int(now) // period
        remaining = period - int(now) % period
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
        self.stderr.write(_("Gültig noch %(seconds)s Sekunden.") % {"seconds": remaining})
