"""Health check, error pages and the operator's legal pages."""

import errno
import logging
import sys
import time

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from . import services
from .concurrency import versioned_edit
from .forms import LegalPageForm
from .models import LegalPage

logger = logging.getLogger(__name__)
_MIGRATIONS_OK_UNTIL = 0.0


def _migrations_applied() -> bool:
    """True when no migration is pending. A positive answer is trusted for 60 seconds."""
    global _MIGRATIONS_OK_UNTIL
    if time.monotonic() < _MIGRATIONS_OK_UNTIL:
        return True
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not pending:
        _MIGRATIONS_OK_UNTIL = time.monotonic() + 60
    return not pending


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and every migration is applied, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _migrations_applied():
            return JsonResponse({"status": "error", "database": "migrations pending"}, status=503)
    except DatabaseError as exc:
        logger.warning("health check failed: %s", exc)
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


def legal_page(request: HttpRequest, kind: str) -> HttpResponse:
    page = get_object_or_404(LegalPage, kind=kind)
    can_edit = request.user.has_perm("core.change_legalpage", page)
    return render(request, "core/legal_page.html", {"page": page, "can_edit": can_edit})


def legal_page_edit(request: HttpRequest, kind: str) -> HttpResponse:
    page = get_object_or_404(LegalPage, kind=kind)
    if not request.user.has_perm("core.change_legalpage", page):
        raise PermissionDenied(_("Nur die Regionaladministration kann Rechtstexte ändern."))
    form = LegalPageForm(request.POST or None, instance=page)
    return versioned_edit(
        request,
        form=form,
        save=lambda data: services.legal_page_update(
            actor=request.user,
            page=page,
            title=data["title"],
            body=data["body"],
            expected_version=data["version"],
        ),
        template="core/legal_page_form.html",
        context={"page": page},
        success_message=_("Der Text wurde gespeichert."),
        success_url=reverse("core:legal", kwargs={"kind": page.kind}),
    )


def _error(request, template: str, status: int, exception=None) -> HttpResponse:
    message = ""
    if exception is not None and status == 403:
        message = str(exception) if exception.args else ""
    return render(request, template, {"message": message}, status=status)


def bad_request(request, exception=None):
    return _error(request, "errors/400.html", 400)


def permission_denied(request, exception=None):
    return _error(request, "errors/403.html", 403, exception)


def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


#: Words of the database drivers' messages that mean "storage full or not writable".
STORAGE_FAILURE_MESSAGES = (
    "readonly database",
    "read-only",
    "database or disk is full",
    "disk i/o error",
    "no space left on device",
    "could not extend file",
)
STORAGE_FAILURE_ERRNOS = frozenset({errno.EROFS, errno.ENOSPC, errno.EDQUOT})


def is_storage_failure(exc: BaseException | None) -> bool:
    """Whether an error means that the database or the data folder cannot be written."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in STORAGE_FAILURE_ERRNOS:
            return True
        if isinstance(exc, DatabaseError):
            text = str(exc).lower()
            if any(words in text for words in STORAGE_FAILURE_MESSAGES):
                return True
        exc = exc.__cause__ or exc.__context__
    return False


@requires_csrf_token
def server_error(request):
    # Keep this minimal: no context processors that could fail again. Django calls this while it
    # handles the exception, so sys.exc_info() names it.
    request_id = getattr(request, "request_id", "")
    if is_storage_failure(sys.exc_info()[1]):
        logger.critical(
            "storage not writable (database or data folder full or read-only); request %s",
            request_id,
        )
        template = loader.get_template("errors/503_storage.html")
        response = HttpResponse(template.render({"request_id": request_id}), status=503)
        response["Retry-After"] = "300"
        return response
    template = loader.get_template("errors/500.html")
    return HttpResponse(template.render({"request_id": request_id}), status=500)
