"""Every error as `application/problem+json` (RFC 9457), German with an English twin.

Members: `type`, `title`, `status`, `detail`, `title_en`, `detail_en` and, for invalid input,
`errors` (field name → list of German messages). `detail` carries the domain's own German
message where there is one (e.g. the services' permission text).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import override

from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from blaupause.core.concurrency import EditConflict

PROBLEM_TYPE = "https://blaupause.example/probleme/"  # stable identifiers, not fetched
CONTENT_TYPE = "application/problem+json"


def _both(message_fn) -> tuple[str, str]:
    """A message in the active language (German) and in English."""
    german = str(message_fn())
    with override("en"):
        english = str(message_fn())
    return german, english


def problem(
    *,
    status: int,
    slug: str,
    title,
    detail=None,
    errors: dict[str, list[str]] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Build a problem response; `title`/`detail` are callables returning translated text."""
    title_de, title_en = _both(title)
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + slug,
        "title": title_de,
        "title_en": title_en,
        "status": status,
    }
    if detail is not None:
        body["detail"], body["detail_en"] = _both(detail)
    if errors:
        body["errors"] = errors
    if extra:
        body.update(extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    return response


def _loc_name(loc) -> str:
    """ninja's error location ("body", "payload", "progress") as a field name."""
    parts = [str(part) for part in loc if part not in {"body", "query", "path", "payload"}]
    return ".".join(parts) or "__all__"


def _exception_text(exc: Exception):
    """The exception's own message when it has one, else None."""
    text = str(exc.args[0]) if exc.args and exc.args[0] else ""
    return text or None


def _field_message(error: dict) -> str:
    """A German message for one of pydantic's error types; its English text otherwise."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("Dieses Feld ist erforderlich.")
    if kind.startswith(("int_", "float_")):
        return _("Bitte geben Sie eine ganze Zahl ein.")
    if kind.startswith("bool"):
        return _("Bitte geben Sie true oder false an.")
    if kind.startswith(("date_", "datetime_")):
        return _("Bitte geben Sie ein gültiges Datum im Format JJJJ-MM-TT ein.")
    if kind.startswith("uuid"):
        return _("Bitte geben Sie eine gültige UUID ein.")
    if kind == "string_type":
        return _("Bitte geben Sie einen Text ein.")
    if kind == "string_too_long":
        return _("Höchstens %(limit)s Zeichen.") % {"limit": context.get("max_length", "")}
    if kind == "string_pattern_mismatch":
        return _("Dieser Wert hat nicht das erwartete Format.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Der Wert muss mindestens %(limit)s sein.") % {
            "limit": context.get("ge", context.get("gt", ""))
        }
    if kind in {"less_than_equal", "less_than"}:
        return _("Der Wert darf höchstens %(limit)s sein.") % {
            "limit": context.get("le", context.get("lt", ""))
        }
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return _("Erwartet wird ein JSON-Objekt.")
    return _("Ungültiger Wert: %(message)s") % {"message": error.get("msg") or kind}


def handle_ninja_validation(request, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_loc_name(error.get("loc", ())), []).append(_field_message(error))
    return problem(
        status=422,
        slug="ungueltige-eingabe",
        title=lambda: _("Die Eingabe ist ungültig."),
        detail=lambda: _("Bitte prüfen Sie die markierten Felder."),
        errors=errors,
    )


def handle_validation(request, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    return problem(
        status=422,
        slug="ungueltige-eingabe",
        title=lambda: _("Die Eingabe ist ungültig."),
        detail=lambda: _("Bitte prüfen Sie die markierten Felder."),
        errors=errors,
    )


def handle_permission_denied(request, exc: PermissionDenied) -> HttpResponse:
    own = _exception_text(exc)
    return problem(
        status=403,
        slug="keine-berechtigung",
        title=lambda: _("Keine Berechtigung."),
        detail=(lambda: own) if own else (lambda: _("Das dürfen Sie nicht.")),
    )


def handle_not_found(request, exc: Exception) -> HttpResponse:
    own = _exception_text(exc) if isinstance(exc, Http404) else None
    return problem(
        status=404,
        slug="nicht-gefunden",
        title=lambda: _("Nicht gefunden."),
        detail=(lambda: own) if own else (lambda: _("Diese Adresse gibt es nicht.")),
    )


def handle_conflict(request, exc: EditConflict) -> HttpResponse:
    current = exc.current
    return problem(
        status=409,
        slug="bearbeitungskonflikt",
        title=lambda: _("Bearbeitungskonflikt."),
        detail=lambda: _(
            "Jemand anderes hat diesen Datensatz inzwischen geändert. Laden Sie ihn neu und "
            "senden Sie Ihre Änderung mit der aktuellen Version."
        ),
        extra={"current_version": current.version, "uuid": str(current.uuid)},
    )


def handle_authentication(request, exc: AuthenticationError) -> HttpResponse:
    response = problem(
        status=401,
        slug="nicht-angemeldet",
        title=lambda: _("Anmeldung erforderlich."),
        detail=lambda: _(
            "Senden Sie einen gültigen API-Token im Kopf „Authorization: Bearer <Token>“."
        ),
    )
    response["WWW-Authenticate"] = 'Bearer realm="blaupause"'
    return response


def handle_throttled(request, exc: Throttled) -> HttpResponse:
    response = problem(
        status=429,
        slug="zu-viele-anfragen",
        title=lambda: _("Zu viele Anfragen."),
        detail=lambda: _("Bitte warten Sie einen Moment und versuchen Sie es dann erneut."),
    )
    if getattr(exc, "wait", None):
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


def handle_http_error(request, exc: HttpError) -> HttpResponse:
    own = str(exc) or None
    if exc.status_code == 400 and own == "Cannot parse request body":
        own = _("Der Inhalt der Anfrage ist kein gültiges JSON.")
    return problem(
        status=exc.status_code,
        slug="fehlerhafte-anfrage",
        title=lambda: _("Die Anfrage kann nicht bearbeitet werden."),
        detail=(lambda: own) if own else None,
    )


def install(api) -> None:
    """Register the handlers on `api` (most specific first does not matter: ninja walks MRO)."""
    api.add_exception_handler(NinjaValidationError, handle_ninja_validation)
    api.add_exception_handler(DjangoValidationError, handle_validation)
    api.add_exception_handler(PermissionDenied, handle_permission_denied)
    api.add_exception_handler(Http404, handle_not_found)
    api.add_exception_handler(EditConflict, handle_conflict)
    api.add_exception_handler(AuthenticationError, handle_authentication)
    api.add_exception_handler(Throttled, handle_throttled)
    api.add_exception_handler(HttpError, handle_http_error)
