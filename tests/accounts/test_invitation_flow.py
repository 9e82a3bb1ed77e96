"""An invitation from the team page to a working account, as the invited person sees it."""

import re
from urllib.parse import quote

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from blaupause.accounts.models import Invitation, Membership, User
from blaupause.core.models import AuditEvent
from tests.accounts.helpers import assert_accessible_page
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Ratsbeschluss-Digital-2026"


def _invite(client, cdo, municipality, email="neu@example.org", role="contributor") -> str:
    """Invite through the team page; return the link path from the e-mail."""
    client.force_login(cdo)
    url = reverse("accounts:municipality_team", kwargs={"ags": municipality.ags})
    response = client.post(url, {"email": email, "role": role})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    body = mail.outbox[-1].body
    return re.search(r"https?://[^/\s]+(/einladung/[^\s]+/)", body).group(1)


def test_new_person_creates_account_and_is_logged_in(client, cdo, municipality):
    link = _invite(client, cdo, municipality)
    page = client.get(link)
    assert page.status_code == 200
    assert assert_accessible_page(page) == "Konto anlegen"
    assert "neu@example.org" in page.content.decode()
    response = client.post(
        link, {"name": "Nora Neu", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    user = User.objects.get(email="neu@example.org")
    assert user.name == "Nora Neu"
    assert user.emailaddress_set.get().verified
    assert int(client.session["_auth_user_id"]) == user.pk
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Willkommen" in dashboard
    assert f"Meine Kommune: {municipality.name}" in dashboard
    # The link works once.
    again = client.get(link)
    assert again.status_code == 302  # the person who accepted is sent to their dashboard
    client.logout()
    closed = client.get(link)
    assert closed.status_code == 410
    assert assert_accessible_page(closed) == "Einladung bereits angenommen"
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "invitation.created",
        "account.created",
        "membership.created",
        "invitation.accepted",
        "auth.login",
    } <= verbs


def test_mail_scanners_opening_the_link_accept_nothing(client, cdo, municipality):
    link = _invite(client, cdo, municipality)
    client.get(link)
    client.get(link)
    assert Invitation.objects.get().status == "open"


def test_signup_form_errors_are_german_and_keep_the_input(client, cdo, municipality):
    link = _invite(client, cdo, municipality)
    response = client.post(link, {"name": "Nora Neu", "password1": "12345", "password2": "123"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Die beiden Passwörter stimmen nicht überein." in body
    assert 'value="Nora Neu"' in body
    response = client.post(link, {"name": "Nora Neu", "password1": "1234", "password2": "1234"})
    body = response.content.decode()
    assert "Dieses Passwort ist zu kurz" in body
    assert not User.objects.filter(email="neu@example.org").exists()


def test_logged_in_invitee_accepts_with_one_click(client, cdo, municipality):
    person = UserFactory(email="neu@example.org")
    link = _invite(client, cdo, municipality)
    client.force_login(person)
    page = client.get(link)
    assert assert_accessible_page(page) == "Einladung annehmen"
    response = client.post(link)
    assert response["Location"] == reverse("accounts:dashboard")
    assert Membership.objects.filter(user=person, municipality=municipality).exists()


def test_existing_account_is_asked_to_log_in_and_comes_back(client, cdo, municipality):
    person = UserFactory(email="neu@example.org")
    link = _invite(client, cdo, municipality)
    page = client.get(link)
    assert assert_accessible_page(page) == "Bitte melden Sie sich an"
    assert f'href="{reverse("account_login")}?next={quote(link, safe="")}"' in (
        page.content.decode()
    )
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD, "next": link}
    )
    assert response["Location"] == link
    client.post(link)
    assert Membership.objects.filter(user=person, municipality=municipality).exists()


def test_wrong_person_is_told_and_nothing_happens(client, cdo, municipality):
    link = _invite(client, cdo, municipality)
    stranger = UserFactory(email="fremd@example.org")
    client.force_login(stranger)
    page = client.get(link)
    assert page.status_code == 403
    assert assert_accessible_page(page) == "Einladung für eine andere Adresse"
    assert client.post(link).status_code == 403
    assert Invitation.objects.get().status == "open"
    assert not Membership.objects.filter(user=stranger).exists()


def test_expired_link_says_so(client, cdo, municipality):
    link = _invite(client, cdo, municipality)
    Invitation.objects.update(expires_at=timezone.now())
    page = client.get(link)
    assert page.status_code == 410
    assert assert_accessible_page(page) == "Einladung abgelaufen"
    response = client.post(
        link, {"name": "Nora Neu", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="neu@example.org").exists()


def test_revoked_link_says_so(client, cdo, municipality):
    link = _invite(client, cdo, municipality)
    client.force_login(cdo)
    invitation = Invitation.objects.get()
    client.post(reverse("accounts:invitation_revoke", kwargs={"uuid": invitation.uuid}))
    client.logout()
    page = client.get(link)
    assert page.status_code == 410
    assert assert_accessible_page(page) == "Einladung zurückgenommen"


def test_unknown_link_is_a_404_with_a_german_page(client):
    page = client.get("/einladung/gibt-es-nicht/")
    assert page.status_code == 404
    assert assert_accessible_page(page) == "Einladungslink ungültig"
    assert client.get("/einladung/" + "x" * 300 + "/").status_code == 404
