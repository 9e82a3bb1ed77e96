"""How django-axes names the account that a login attempt is for."""

from __future__ import annotations

from django.http import HttpRequest


def login_identifier(request: HttpRequest, credentials: dict | None = None) -> str:
    """The e-mail address of a login attempt, lower-cased.

    allauth calls ``authenticate(email=…, password=…)`` while the login form posts ``login``;
    axes must count both under the same name, or the lockout would never trigger.
    """
    value = ""
    if credentials:
        value = (
            credentials.get("login")
            or credentials.get("email")
            or credentials.get("username")
            or ""
        )
    if not value and request is not None:
        data = getattr(request, "POST", None) or {}
        value = data.get("login") or data.get("email") or ""
    return str(value).strip().lower()[:254]


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """The German lockout page (status 429) saying when to try again."""
    from django.conf import settings
    from django.shortcuts import render
    from django.utils import timezone

    from axes.helpers import get_cool_off, get_failure_limit

    cool_off = get_cool_off(request)
    context = {"failure_limit": get_failure_limit(request, credentials)}
    if cool_off:
        context["cooloff_minutes"] = max(1, round(cool_off.total_seconds() / 60))
        context["retry_at"] = timezone.localtime(timezone.now() + cool_off)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
