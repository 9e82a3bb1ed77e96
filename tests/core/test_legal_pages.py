from django.core.exceptions import PermissionDenied

import pytest

from blaupause.core.concurrency import EditConflict
from blaupause.core.models import AuditEvent, LegalPage
from blaupause.core.services import legal_page_update

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        ("impressum", "Impressum"),
        ("datenschutz", "Datenschutzerklärung"),
        ("barrierefreiheit", "Erklärung zur Barrierefreiheit"),
    ],
)
def test_legal_pages_exist_after_migration_and_are_public(client, kind, title):
    response = client.get(f"/rechtliches/{kind}/")
    assert response.status_code == 200
    assert f'<h1 class="kern-heading-x-large">{title}</h1>' in response.content.decode()


def test_footer_links_to_all_legal_pages(client):
    body = client.get("/rechtliches/impressum/").content.decode()
    for kind in ("impressum", "datenschutz", "barrierefreiheit"):
        assert f'href="/rechtliches/{kind}/"' in body


def test_cdo_may_not_edit_legal_pages(client, cdo):
    client.force_login(cdo)
    response = client.get("/rechtliches/impressum/bearbeiten/")
    assert response.status_code == 403
    assert "Nur die Regionaladministration" in response.content.decode()
    page = LegalPage.objects.get(kind="impressum")
    with pytest.raises(PermissionDenied):
        legal_page_update(actor=cdo, page=page, title="x", body="y", expected_version=1)


def _admin_client(client, user, monkeypatch):
    # TOTP enforcement is tested in the accounts app; here the editing itself matters.
    monkeypatch.setattr(
        "blaupause.accounts.middleware.RequireMfaMiddleware._has_totp", staticmethod(lambda u: True)
    )
    client.force_login(user)
    return client


def test_regional_admin_edits_text_and_it_is_audited(client, regional_admin, monkeypatch):
    client = _admin_client(client, regional_admin, monkeypatch)
    page = LegalPage.objects.get(kind="impressum")
    response = client.post(
        "/rechtliches/impressum/bearbeiten/",
        {"title": "Impressum", "body": "DigitalBüro OWL, Paderborn", "version": page.version},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == "DigitalBüro OWL, Paderborn"
    assert page.version == 2
    assert AuditEvent.objects.filter(verb="legal_page.updated", actor=regional_admin).exists()
    assert page.history.count() == 1


def test_second_writer_sees_conflict_and_nothing_is_lost(client, regional_admin, monkeypatch):
    client = _admin_client(client, regional_admin, monkeypatch)
    page = LegalPage.objects.get(kind="datenschutz")
    started_with = page.version
    legal_page_update(
        actor=regional_admin,
        page=page,
        title=page.title,
        body="Fassung A",
        expected_version=started_with,
    )
    response = client.post(
        "/rechtliches/datenschutz/bearbeiten/",
        {"title": page.title, "body": "Fassung B", "version": started_with},
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Jemand anderes hat diesen Datensatz inzwischen geändert." in body
    assert "Fassung A" in body
    assert "Fassung B" in body
    assert LegalPage.objects.get(pk=page.pk).body == "Fassung A"


def test_save_versioned_raises_on_stale_version(regional_admin):
    page = LegalPage.objects.get(kind="impressum")
    legal_page_update(actor=regional_admin, page=page, title="A", body="A", expected_version=1)
    stale = LegalPage.objects.get(pk=page.pk)
    with pytest.raises(EditConflict) as excinfo:
        legal_page_update(actor=regional_admin, page=stale, title="B", body="B", expected_version=1)
    assert excinfo.value.current.title == "A"


def test_edit_form_keeps_input_and_shows_german_error(client, regional_admin, monkeypatch):
    client = _admin_client(client, regional_admin, monkeypatch)
    page = LegalPage.objects.get(kind="impressum")
    response = client.post(
        "/rechtliches/impressum/bearbeiten/",
        {"title": "", "body": "Mein langer Text", "version": page.version},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in body
    assert "Mein langer Text" in body
