"""The OpenAPI document and the docs page."""

import json
import re

import pytest

from .conftest import API

pytestmark = pytest.mark.django_db

EXPECTED_PATHS = {
    "/api/v1/articles/",
    "/api/v1/articles/{uuid}",
    "/api/v1/learning-offers/",
    "/api/v1/learning-offers/{uuid}",
    "/api/v1/projects/",
    "/api/v1/projects/{uuid}",
    "/api/v1/benchmarks/",
    "/api/v1/districts/",
    "/api/v1/districts/{ags}",
    "/api/v1/municipalities/",
    "/api/v1/municipalities/{ags}",
    "/api/v1/networks/",
    "/api/v1/networks/{slug}",
    "/api/v1/strategies/",
    "/api/v1/strategies/{slug}",
    "/api/v1/strategies/{slug}/measures/{key}",
    "/api/v1/strategies/{slug}/rollup",
    "/api/v1/commitments/",
    "/api/v1/commitments/{uuid}",
    "/api/v1/events/",
    "/api/v1/events/{uuid}",
}


def test_openapi_document_is_json_with_every_path(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Blaupause API"
    assert set(document["paths"]) == EXPECTED_PATHS
    commitments = document["paths"]["/api/v1/commitments/"]
    assert set(commitments) == {"get", "post"}
    assert set(document["paths"]["/api/v1/commitments/{uuid}"]) == {"get", "patch"}


def test_every_reference_in_the_document_resolves(client):
    document = json.loads(client.get(f"{API}/openapi.json").content)
    text = json.dumps(document)
    for ref in set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', text)):
        assert ref in document["components"]["schemas"], ref


def test_docs_page_loads_only_local_resources_and_no_inline_script(client):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, "the page loads its scripts and styles"
    for source in sources:
        assert not re.match(r"^(https?:)?//", source), source
    assert "/static/ninja/swagger-ui-bundle.js" in html
    # Scripts are either external files of ours or JSON data blocks (not executed, CSP-safe).
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        assert "src=" in attributes or 'type="application/json"' in attributes
        if "src=" in attributes:
            assert not body.strip()
    settings_block = re.search(r'id="swagger-settings">(.*?)</script>', html, flags=re.S)
    assert json.loads(settings_block.group(1))["url"] == f"{API}/openapi.json"
    assert "script-src" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_docs_assets_are_shipped(client):
    from django.contrib.staticfiles import finders

    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-init.js"):
        assert finders.find(f"ninja/{name}"), name


def test_errors_are_documented_as_problem_json(client):
    document = json.loads(client.get(f"{API}/openapi.json").content)
    patch = document["paths"]["/api/v1/commitments/{uuid}"]["patch"]["responses"]
    for status in ("401", "403", "404", "409", "422"):
        assert set(patch[status]["content"]) == {"application/problem+json"}
    read = document["paths"]["/api/v1/municipalities/"]["get"]["responses"]
    assert set(read["200"]["content"]) == {"application/json"}
    assert set(read["422"]["content"]) == {"application/problem+json"}


def test_error_bodies_match_the_documented_problem_schema(client):
    from blaupause.api.schemas.common import ProblemOut

    for url in (
        f"{API}/municipalities/00000000",
        f"{API}/municipalities/?limit=0",
        f"{API}/commitments/not-a-uuid",
    ):
        response = client.get(url)
        assert response.status_code in {404, 422}
        body = json.loads(response.content)
        assert set(body) <= set(ProblemOut.model_fields)
        ProblemOut.model_validate(body)
