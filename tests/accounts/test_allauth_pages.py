"""allauth's pages in the site layout: German, one <h1>, labelled fields, CSP-safe."""

import re
import time

from django.core import mail
from django.urls import reverse

import pytest

from tests.accounts.helpers import assert_accessible_page
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_login", "Anmelden"),
        ("account_reset_password", "Passwort zurücksetzen"),
        ("account_reset_password_done", "Passwort zurücksetzen"),
        ("account_signup", "Konten entstehen durch Einladung"),
    ],
)
def test_entrance_pages_for_visitors(client, url_name, heading):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert assert_accessible_page(response) == heading
    assert 'class="bp-header"' in response.content.decode()  # inside the site layout


def test_login_page_explains_invitations_and_links_password_reset(client):
    body = client.get(reverse("account_login")).content.decode()
    assert "Konten entstehen durch Einladung" in body
    assert reverse("account_reset_password") in body
    assert 'for="id_login"' in body
    assert 'for="id_password"' in body
    assert "placeholder" not in body


def test_sign_up_post_is_refused_kindly(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "neu@example.org", "password1": "x" * 14, "password2": "x" * 14},
    )
    assert response.status_code == 200
    assert "Konten entstehen durch Einladung" in response.content.decode()


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_logout", "Abmelden"),
        ("account_change_password", "Passwort ändern"),
        ("account_email", "E-Mail-Adressen"),
        ("mfa_index", "Zwei-Faktor-Authentifizierung"),
        ("mfa_activate_totp", "Authenticator-App einrichten"),
    ],
)
def test_account_pages_for_logged_in_people(client, url_name, heading):
    user = UserFactory()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert assert_accessible_page(response) == heading
    assert 'aria-label="Ihr Konto"' in response.content.decode()


def test_totp_qr_code_is_a_data_uri_allowed_by_the_csp(client):
    user = UserFactory()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    body = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in body
    assert 'alt="QR-Code für die Authenticator-App"' in body
    csp = response["Content-Security-Policy"]
    assert re.search(r"img-src 'self' data:", csp)


def test_activating_totp_then_recovery_codes(client):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    user = UserFactory()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_activate_totp"), {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    assert assert_accessible_page(response) == "Wiederherstellungs-Codes"
    assert user.authenticator_set.filter(type="totp").exists()


def test_password_reset_mail_and_form_from_key(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/konto/password/reset/key/[^\s]+", mail.outbox[0].body)
    response = client.get(link.group(0), follow=True)
    assert assert_accessible_page(response) == "Passwort ändern"
    assert 'for="id_password1"' in response.content.decode()


def test_wrong_password_shows_german_error_and_keeps_the_address(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "falsch"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "E-Mail-Adresse und/oder das Passwort sind leider falsch" in body
    assert f'value="{user.email}"' in body
    assert 'aria-invalid="true"' in body or "kern-alert--danger" in body


def test_reauthentication_page(client):
    user = UserFactory()
    client.force_login(user)  # no password typed in this session: allauth asks again
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert assert_accessible_page(response) == "Zugriff bestätigen"
    assert 'for="id_password"' in response.content.decode()


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("mfa_deactivate_totp", "Authenticator-App deaktivieren"),
        ("mfa_view_recovery_codes", "Wiederherstellungs-Codes"),
        ("mfa_generate_recovery_codes", "Wiederherstellungs-Codes"),
        ("mfa_reauthenticate", "Zugriff bestätigen"),
    ],
)
def test_mfa_management_pages(client, totp_for, url_name, heading):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = UserFactory()
    totp_for(user)
    RecoveryCodes.activate(user)
    client.force_login(user)
    session = client.session
    # A password typed a minute ago, as allauth records it at login.
    session["account_authentication_methods"] = [{"method": "password", "at": time.time() - 60}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert assert_accessible_page(response) == heading
