"""Send people whose role requires MFA to the TOTP set-up until they have it."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from django_htmx.http import HttpResponseClientRedirect

from .constants import Role

#: Pages that stay reachable without a second factor: the account pages themselves (login,
#: logout, password, the MFA set-up), legal texts, language switch, health check and assets.
ALLOWED_PREFIXES = ("/konto/", "/static/", "/media/", "/i18n/", "/healthz", "/rechtliches/")


class RequireMfaMiddleware:
    """Regional admins (and the roles in ``BLAUPAUSE_MFA_REQUIRED_ROLES``) must use TOTP.

    Until they have set it up, every other page redirects to allauth's TOTP activation
    (``mfa_activate_totp``). Once an authenticator exists, allauth asks for its code at every
    login, so the session is protected by the second factor.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and self._mfa_required(user)
            and not self._has_totp(user)
        ):
            target = reverse("mfa_activate_totp")
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(target)
            messages.warning(
                request,
                _(
                    "Für Ihre Rolle ist die Anmeldung mit zweitem Faktor Pflicht. Bitte richten "
                    "Sie jetzt eine Authenticator-App ein; danach geht es weiter."
                ),
                fail_silently=True,
            )
            return HttpResponseRedirect(target)
        return self.get_response(request)

    @staticmethod
    def _mfa_required(user) -> bool:
        roles = user.roles
        required = set(settings.BLAUPAUSE_MFA_REQUIRED_ROLES)
        return bool(
            (Role.REGIONAL_ADMIN in required and roles.is_regional_admin)
            or (Role.NETWORK_COORDINATOR in required and roles.coordinated_network_ids)
            or (Role.CDO in required and roles.cdo_municipality_ids)
            or (Role.CONTRIBUTOR in required and roles.contributor_municipality_ids)
        )

    @staticmethod
    def _has_totp(user) -> bool:
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
