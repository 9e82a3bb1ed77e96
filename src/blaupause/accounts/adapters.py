import time

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from invitations only; there is no open sign-up."""

    def is_open_for_signup(self, request):
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A password typed in this session within the reauthentication timeout counts.

        allauth asks again for the password before MFA changes even right after login. For a
        regional admin who is sent to the TOTP set-up straight after signing in, that second
        prompt only confuses; a password entered minutes ago proves the same.
        """
        required = super().is_reauthentication_required(app=app, **kwargs)
        return required and not self._password_entered_recently()

    def _password_entered_recently(self) -> bool:
        request = self.request or context.request
        user = getattr(request, "user", None)
        if request is None or user is None or not user.is_authenticated:
            return False
        records = get_authentication_records(request, user)
        now = time.time()
        return any(
            record.get("method") == "password"
            and now - float(record.get("at", 0)) < app_settings.REAUTHENTICATION_TIMEOUT
            for record in records
        )
