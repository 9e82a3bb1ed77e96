from django.urls import include, path

import pytest

from blaupause.config.urls import handler500  # noqa: F401 - the project's 500 handler


def _boom(request):
    raise RuntimeError("kaputt")


urlpatterns = [path("boom/", _boom), path("", include("blaupause.config.urls"))]


@pytest.mark.django_db
def test_unknown_page_shows_german_404(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.core.test_errors")
def test_server_error_shows_german_page_with_request_id(client):
    client.raise_request_exception = False
    response = client.get("/boom/", HTTP_X_REQUEST_ID="abcdef123456")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in body
    assert "abcdef123456" in body
    assert "kaputt" not in body


@pytest.mark.django_db
def test_request_id_is_echoed_or_generated(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="req-12345678")["X-Request-ID"] == (
        "req-12345678"
    )
    generated = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert generated != "<script>"
    assert len(generated) == 32
