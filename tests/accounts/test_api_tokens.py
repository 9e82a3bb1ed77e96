"""API tokens: the page (key shown once, revoke) and the `createtoken` command."""

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

import pytest

from blaupause import cli
from blaupause.accounts.models import ApiToken
from blaupause.accounts.services import api_token_create
from tests.accounts.helpers import assert_accessible_page
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_create_shows_the_key_once(client, cdo):
    client.force_login(cdo)
    url = reverse("accounts:api_tokens")
    page = client.get(url)
    assert assert_accessible_page(page) == "API-Tokens"
    assert "Sie haben noch keinen Token." in page.content.decode()
    response = client.post(url, {"name": "Ratsinfo"})
    body = response.content.decode()
    token = ApiToken.objects.get(user=cdo)
    key = response.context["new_key"]
    assert key in body
    assert ApiToken.find_by_key(key) == token
    assert "nur dieses eine Mal angezeigt" in body
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    later = client.get(url).content.decode()
    assert key not in later
    assert f"bp_{token.prefix}_…" in later
    assert "Ratsinfo" in later


def test_empty_name_is_a_german_field_error(client, cdo):
    client.force_login(cdo)
    response = client.post(reverse("accounts:api_tokens"), {"name": ""})
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_own_token(client, cdo):
    token, key = api_token_create(actor=cdo, name="Alt")
    client.force_login(cdo)
    response = client.post(reverse("accounts:api_token_revoke", kwargs={"uuid": token.uuid}))
    assert response["Location"] == reverse("accounts:api_tokens")
    assert ApiToken.find_by_key(key) is None
    page = client.get(reverse("accounts:api_tokens"))
    assert "Der Token „Alt“ ist widerrufen" in page.content.decode()
    assert list(page.context["tokens"]) == []


def test_tokens_of_others_are_invisible_and_untouchable(client, cdo):
    token, key = api_token_create(actor=cdo, name="Geheim")
    stranger = UserFactory()
    client.force_login(stranger)
    assert "Geheim" not in client.get(reverse("accounts:api_tokens")).content.decode()
    url = reverse("accounts:api_token_revoke", kwargs={"uuid": token.uuid})
    assert client.post(url).status_code == 404
    assert ApiToken.find_by_key(key) == token


def test_token_page_queries_do_not_grow(client, cdo, django_assert_num_queries):
    api_token_create(actor=cdo, name="eins")
    client.force_login(cdo)
    url = reverse("accounts:api_tokens")
    ContentType.objects.clear_cache()
    with django_assert_num_queries(5) as first:  # session, user, roles, unread, tokens
        client.get(url)
    count = len(first)
    for number in range(5):
        api_token_create(actor=cdo, name=f"mehr {number}")
    with django_assert_num_queries(count):
        response = client.get(url)
    assert len(response.context["tokens"]) == 6


# --- the command -------------------------------------------------------------------------------


def test_createtoken_prints_the_key_once(cdo, capsys):
    call_command("createtoken", cdo.email.upper(), "--name", "Fachverfahren")
    out, err = capsys.readouterr()
    key = out.strip()
    token = ApiToken.find_by_key(key)
    assert token.user == cdo
    assert token.name == "Fachverfahren"
    assert "nur dieses eine Mal angezeigt" in err
    assert token.key_hash != key


def test_createtoken_unknown_email_fails_in_german(db):
    with pytest.raises(CommandError, match="Es gibt kein Konto mit der E-Mail-Adresse"):
        call_command("createtoken", "niemand@example.org")
    assert not ApiToken.objects.exists()


@pytest.fixture
def keep_connection(monkeypatch):
    """Management commands close all connections at the end; the test still needs its own."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def test_blaupause_cli_exit_code_for_unknown_email(db, capsys, monkeypatch, keep_connection):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["blaupause", "createtoken", "niemand@example.org"])
    assert exit_info.value.code != 0
    assert "Es gibt kein Konto mit der E-Mail-Adresse „niemand@example.org“" in (
        capsys.readouterr().err
    )


def test_blaupause_cli_creates_a_token(cdo, capsys, keep_connection):
    assert cli.main(["blaupause", "createtoken", cdo.email]) == 0
    key = capsys.readouterr().out.strip()
    assert ApiToken.find_by_key(key).user == cdo
