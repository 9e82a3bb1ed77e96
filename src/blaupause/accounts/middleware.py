"""Send people whose role requires MFA to the TOTP set-up until they have it."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

ALLOWED_PREFIXES = ("/konto/", "/static/", "/i18n/", "/healthz", "/rechtliches/")


class RequireMfaMiddleware:
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
            messages.warning(
                request,
                _("Für Ihre Rolle ist die Zwei-Faktor-Anmeldung Pflicht. Bitte richten Sie sie "
                  "jetzt ein."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _mfa_required(user) -> bool:
        roles = user.roles
        required = set(settings.BLAUPAUSE_MFA_REQUIRED_ROLES)
        return bool(
            ("regional_admin" in required and roles.is_regional_admin)
            or ("network_coordinator" in required and roles.coordinated_network_ids)
            or ("cdo" in required and roles.cdo_municipality_ids)
        )

    @staticmethod
    def _has_totp(user) -> bool:
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
