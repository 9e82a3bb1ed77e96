"""The interactive API docs, served from our own static files (no CDN, no inline script)."""

from __future__ import annotations

import json

from django.shortcuts import render
from django.utils.translation import gettext as _

from ninja.openapi.docs import DocsBase


class LocalSwagger(DocsBase):
    """Swagger UI from the static files django-ninja ships (`ninja/`), never from a CDN.

    ninja's own page carries an inline script that the strict CSP blocks; here the settings
    travel as a JSON data block, which `swagger-ui-init.js` reads.
    """

    def render_page(self, request, api, **kwargs):
        openapi_url = self.get_openapi_url(api, kwargs)
        settings = {"url": openapi_url, "layout": "BaseLayout", "deepLinking": True}
        # "</" must not end the data block early.
        payload = json.dumps(settings).replace("</", "<\\/")
        return render(
            request,
            "api/docs.html",
            {
                "api": api,
                "swagger_settings": payload,
                "openapi_url": openapi_url,
                "openapi_label": _("OpenAPI-Dokument (JSON)"),
            },
        )
