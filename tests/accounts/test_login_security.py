"""Lockout after repeated failures, audit of logins, MFA duty for regional admins."""

import time

from django.urls import reverse

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from blaupause.core.models import AuditEvent
from tests.accounts.helpers import assert_accessible_page
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


# --- lockout -----------------------------------------------------------------------------------


def test_five_failures_lock_out_even_the_right_password(client):
    user = UserFactory()
    for _attempt in range(4):
        assert _login(client, user.email, "falsch-falsch").status_code == 200
    response = _login(client, user.email, "falsch-falsch")
    assert response.status_code == 429
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert assert_accessible_page(response) == "Anmeldung vorübergehend gesperrt"
    body = response.content.decode()
    assert "Bitte versuchen Sie es in 15 Minuten noch einmal" in body
    assert reverse("account_reset_password") in body
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.filter(verb="auth.login_failed")
    assert failed.count() >= 5
    assert {event.data["login"] for event in failed} == {user.email}
    assert not AuditEvent.objects.filter(verb="auth.login").exists()


def test_lockout_counts_per_account_and_differently_written_addresses(client):
    user = UserFactory()
    other = UserFactory()
    for attempt in range(5):
        email = user.email.upper() if attempt % 2 else user.email
        _login(client, email, "falsch-falsch")
    assert _login(client, user.email, PASSWORD).status_code == 429
    # Another account from the same machine is not affected.
    response = _login(client, other.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")


def test_successful_login_and_logout_are_audited(client):
    user = UserFactory()
    assert _login(client, user.email, PASSWORD).status_code == 302
    client.post(reverse("account_logout"))
    verbs = list(AuditEvent.objects.order_by("id").values_list("verb", "actor"))
    assert verbs == [("auth.login", user.pk), ("auth.logout", user.pk)]


def test_password_reset_lifts_the_lockout(client):
    from allauth.account.signals import password_reset

    user = UserFactory()
    for _attempt in range(5):
        _login(client, user.email, "falsch-falsch")
    assert _login(client, user.email, PASSWORD).status_code == 429
    password_reset.send(sender=type(user), request=None, user=user)
    assert _login(client, user.email, PASSWORD).status_code == 302


# --- MFA for regional admins -------------------------------------------------------------------


def test_regional_admin_without_totp_is_sent_to_the_set_up(client, regional_admin):
    client.force_login(regional_admin)
    for url in (reverse("accounts:dashboard"), reverse("regions:home"), "/verwaltung/django/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")
    follow = client.get(reverse("accounts:dashboard"), follow=True)
    assert "Zwei-Faktor" in assert_accessible_page(follow) or "Authenticator" in (
        follow.content.decode()
    )
    assert "ist die Anmeldung mit zweitem Faktor Pflicht" in follow.content.decode()


def test_regional_admin_can_reach_account_and_legal_pages(client, regional_admin):
    client.force_login(regional_admin)
    for url in (
        reverse("mfa_index"),
        reverse("account_change_password"),
        reverse("core:legal", kwargs={"kind": "impressum"}),
    ):
        assert client.get(url).status_code == 200, url


def test_htmx_requests_get_a_client_redirect(client, regional_admin):
    client.force_login(regional_admin)
    response = client.get(reverse("accounts:dashboard"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("mfa_activate_totp")


@pytest.mark.django_db(transaction=True)  # allauth sends its signal after the commit
def test_after_set_up_the_regional_admin_can_work(client, regional_admin):
    _login(client, regional_admin.email, PASSWORD)
    response = client.get(reverse("accounts:dashboard"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    secret = client.session["mfa.totp.secret"]
    client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(verb="mfa.authenticator_added", actor=regional_admin).exists()


def test_regional_admin_with_totp_must_enter_a_code_at_login(client, regional_admin, totp_for):
    secret = totp_for(regional_admin)
    response = _login(client, regional_admin.email, PASSWORD)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("mfa_authenticate"))
    assert assert_accessible_page(page) == "Anmeldung bestätigen"
    response = client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_cdo_is_not_forced_into_mfa(client, cdo):
    client.force_login(cdo)
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_roles_requiring_mfa_are_configurable(client, cdo, settings):
    settings.BLAUPAUSE_MFA_REQUIRED_ROLES = ["regional_admin", "cdo"]
    client.force_login(cdo)
    assert client.get(reverse("accounts:dashboard"))["Location"] == reverse("mfa_activate_totp")


def test_unverified_account_gets_no_special_treatment(client):
    user = UserFactory(verified_email=False)
    response = _login(client, user.email, PASSWORD)
    # allauth asks to confirm the address first (mandatory verification).
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
