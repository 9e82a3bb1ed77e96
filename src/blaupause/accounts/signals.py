"""Audit log entries for logins, logouts and failed logins."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from blaupause.core.audit import audit_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(actor=user, verb="auth.login", target=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, verb="auth.logout", target=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    login = str(credentials.get("login") or credentials.get("email") or credentials.get("username")
                or "")[:254]
    audit_record(actor=None, verb="auth.login_failed", data={"login": login}, request=request)
