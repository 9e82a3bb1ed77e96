"""Blueprint files: download a published version, the JSON Schema of the file, and the import
(upload, dry run, confirmation). `urlpatterns` is collected by `transfer/urls.py`.

Between the dry run and the confirmation the uploaded file stays in the server-side session
under a random token; the confirmation form only carries the token, never the content.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blaupause.strategies import selectors as strategy_selectors

from ..exchange import (
    ExchangeError,
    export_blueprint,
    export_filename,
    import_blueprint,
    import_networks,
    plan_import,
)
from ..exchange_format import SCHEMA_NAME
from ..forms_exchange import ImportConfirmForm, ImportUploadForm

SESSION_KEY = "transfer_import"
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / SCHEMA_NAME


def _crumbs(*items):
    return [
        (_("Start"), reverse("regions:home")),
        (_("Strategien"), reverse("strategies:strategy_list")),
        *items,
    ]


@require_GET
def export_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A published version as exchange file; public for public blueprints, else for editors."""
    strategy = strategy_selectors.strategy_get(slug=slug, viewer=request.user)
    if not request.user.has_perm("transfer.export_blueprint", strategy):
        raise PermissionDenied(
            _(
                "Als Datei exportieren können alle nur öffentliche Blaupausen; andere Strategien "
                "eines Netzwerks nur die Personen, die sie bearbeiten."
            )
        )
    version = strategy_selectors.version_get(strategy=strategy, number=number)
    data = export_blueprint(strategy, version)
    body = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename(strategy, version.number)}"'
    )
    return response


@require_GET
def schema(request: HttpRequest) -> FileResponse:
    """The JSON Schema of the exchange file (format 1)."""
    return FileResponse(
        SCHEMA_FILE.open("rb"), content_type="application/schema+json; charset=utf-8"
    )


def _networks_or_403(request: HttpRequest):
    networks = import_networks(request.user)
    if not networks.exists():
        raise PermissionDenied(
            _(
                "Blaupausen importieren können die Koordination eines Netzwerks und die "
                "Regionaladministration."
            )
        )
    return networks


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1 and 2: upload a file and see what importing it would do."""
    networks = _networks_or_403(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None, networks=networks)
    plan = None
    confirm = None
    status = 200
    if request.method == "GET":
        request.session.pop(SESSION_KEY, None)  # starting over drops an earlier upload
    elif form.is_valid():
        network = form.cleaned_data["network"]
        plan = plan_import(form.data_parsed, target_network=network)
        if plan.changes:
            token = secrets.token_urlsafe(24)
            request.session[SESSION_KEY] = {
                "token": token,
                "network": network.pk,
                "text": form.text,
            }
            confirm = ImportConfirmForm(initial={"token": token})
        else:
            request.session.pop(SESSION_KEY, None)
            status = 200 if plan.ok else 400
    else:
        status = 400
    return render(
        request,
        "transfer/exchange_import.html",
        {
            "form": form,
            "plan": plan,
            "confirm": confirm,
            "network": form.cleaned_data.get("network") if plan else None,
            "breadcrumbs": _crumbs((_("Blaupause importieren"), "")),
            "nav_active": "strategies",
        },
        status=status,
    )


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 3: import the file kept on the server, all or nothing."""
    networks = _networks_or_403(request)
    form = ImportConfirmForm(request.POST)
    kept = request.session.get(SESSION_KEY) or {}
    if (
        not form.is_valid()
        or not kept.get("token")
        or not secrets.compare_digest(str(kept["token"]), form.cleaned_data["token"])
    ):
        messages.error(
            request,
            _("Die hochgeladene Datei ist nicht mehr vorhanden. Bitte laden Sie sie erneut hoch."),
        )
        return redirect("transfer:import")
    network = networks.filter(pk=kept.get("network")).first()
    if network is None:
        raise PermissionDenied
    try:
        result = import_blueprint(
            json.loads(kept["text"]), actor=request.user, target_network=network
        )
    except ExchangeError as error:
        request.session.pop(SESSION_KEY, None)
        return render(
            request,
            "transfer/exchange_import.html",
            {
                "form": ImportUploadForm(networks=networks),
                "failed": [str(problem) for problem in error.problems],
                "breadcrumbs": _crumbs((_("Blaupause importieren"), "")),
                "nav_active": "strategies",
            },
            status=400,
        )
    request.session.pop(SESSION_KEY, None)
    if result.changed:
        messages.success(
            request,
            _("„%(title)s“ wurde als Version %(n)d importiert.")
            % {"title": result.strategy.title, "n": result.version.number},
        )
    else:
        messages.info(request, result.plan.message)
    return redirect(result.strategy.get_absolute_url())


urlpatterns = [
    path(
        "strategien/<slug:slug>/versionen/<int:number>/export.json",
        export_version,
        name="export_version",
    ),
    path(f"schema/{SCHEMA_NAME}", schema, name="schema"),
    path("blaupausen/importieren/", import_upload, name="import"),
    path("blaupausen/importieren/bestaetigen/", import_confirm, name="import_confirm"),
]
