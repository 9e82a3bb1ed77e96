"""The one NinjaAPI of Blaupause, mounted at `/api/v1/`."""

from __future__ import annotations

from ninja import NinjaAPI

from . import errors
from .caching import conditional
from .docs import LocalSwagger
from .routers import commitments, regions, strategies


class BlaupauseAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return conditional(request, response)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """ninja documents every body as application/json; problems are problem+json."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        problem_ref = "#/components/schemas/ProblemOut"
        for operations in schema["paths"].values():
            for operation in operations.values():
                for answer in operation.get("responses", {}).values():
                    content = answer.get("content") or {}
                    body = content.get("application/json", {})
                    if body.get("schema", {}).get("$ref") == problem_ref:
                        answer["content"] = {"application/problem+json": body}
        return schema


api = BlaupauseAPI(
    title="Blaupause API",
    version="1",
    urls_namespace="api",
    description=(
        "Offene Daten und Schnittstelle der Blaupause: Kreise, Kommunen, Netzwerke, "
        "Strategien, Maßnahmen, Beteiligungen und Auswertungen. Lesen ist öffentlich; "
        "Schreiben braucht einen persönlichen API-Token (Authorization: Bearer …)."
    ),
    docs=LocalSwagger(),
)
errors.install(api)
api.add_router("/", regions.router)
api.add_router("/", strategies.router)
api.add_router("/", commitments.router)
api.add_router("/", "blaupause.api.routers.benchmarks.router")
api.add_router("/", "blaupause.api.routers.events.router")
api.add_router("/", "blaupause.api.routers.projects.router")
api.add_router("/", "blaupause.api.routers.knowledge.router")
