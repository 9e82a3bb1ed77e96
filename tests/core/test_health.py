from django.core.management import call_command

import pytest

from blaupause.core import views as core_views


@pytest.mark.django_db
def test_healthz_is_ok_when_database_answers_and_migrations_are_applied(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_while_a_migration_is_pending(client, monkeypatch):
    monkeypatch.setattr(core_views, "_MIGRATIONS_OK_UNTIL", 0.0)
    call_command("migrate", "core", "0001", verbosity=0)
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["status"] == "error"
    finally:
        call_command("migrate", verbosity=0)
    monkeypatch.setattr(core_views, "_MIGRATIONS_OK_UNTIL", 0.0)
    assert client.get("/healthz").status_code == 200
