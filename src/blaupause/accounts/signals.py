"""Audit log entries for logins, failed logins, password and second-factor changes.

Invitations, roles and API tokens are recorded by their services (`services.py`).
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset

from blaupause.core.audit import audit_record
from blaupause.core.backup import backup_restored
from blaupause.core.middleware import touch


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(actor=user, verb="auth.login", target=user, request=request)
    if request is not None and hasattr(request, "session"):
        touch(request.session)  # the idle timeout starts now


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, verb="auth.logout", target=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    login = str(
        credentials.get("login") or credentials.get("email") or credentials.get("username") or ""
    )[:254]
    audit_record(actor=None, verb="auth.login_failed", data={"login": login}, request=request)


@receiver(password_changed)
@receiver(password_set)
def _password_changed(sender, request, user, **kwargs):
    audit_record(actor=user, verb="auth.password_changed", target=user, request=request)


@receiver(password_reset)
def _password_reset(sender, request, user, **kwargs):
    audit_record(actor=user, verb="auth.password_reset", target=user, request=request)
    # Whoever could follow the reset link owns the address: lift a lockout for it at once.
    from axes.utils import reset

    reset(username=user.email.lower())


@receiver(authenticator_added)
def _authenticator_added(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=user,
        verb="mfa.authenticator_added",
        target=user,
        data={"type": authenticator.type},
        request=request,
    )


@receiver(authenticator_removed)
def _authenticator_removed(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=user,
        verb="mfa.authenticator_removed",
        target=user,
        data={"type": authenticator.type},
        request=request,
    )


@receiver(authenticator_reset)
def _authenticator_reset(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=user,
        verb="mfa.recovery_codes_reset",
        target=user,
        data={"type": authenticator.type},
        request=request,
    )


@receiver(backup_restored)
def _erase_again(sender, **kwargs):
    # An older backup may still hold accounts erased since; erase them again.
    from .privacy import reapply_erasures

    reapply_erasures()
