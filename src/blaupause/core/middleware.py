"""Request ids for logs and the audit trail; access to the current request for services."""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.conf import settings

_current_request: ContextVar = ContextVar("blaupause_request", default=None)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def get_current_request():
    return _current_request.get()


class RequestIdMiddleware:
    """Take a sane `X-Request-ID` from the proxy or make one; echo it in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = _current_request.get()
        record.request_id = getattr(request, "request_id", "-") if request is not None else "-"
        return True


class SessionIdleTimeoutMiddleware:
    """Keep a session alive while it is used: it ends `SESSION_COOKIE_AGE` after the last use.

    Django renews a session's expiry only when the session is saved. Saving on every request
    (`SESSION_SAVE_EVERY_REQUEST`) would cost a write per page view; this middleware marks the
    session as modified at most once per `SESSION_TOUCH_INTERVAL` seconds (default 60), so the
    idle timeout is exact to within that interval.
    """

    KEY = "_last_touch"

    def __init__(self, get_response):
        self.get_response = get_response
        self.interval = int(getattr(settings, "SESSION_TOUCH_INTERVAL", 60))

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or getattr(session, "_session_cache", None) is None:
            return response  # no session, or not loaded by this request: nothing to renew
        if session.is_empty():
            return response
        now = int(time.time())
        if now - int(session.get(self.KEY, 0)) >= self.interval:
            touch(session, now)  # modified → SessionMiddleware saves it with a new expiry
        return response


def touch(session, now: int | None = None) -> None:
    """Record the session's last use (also called at login, so the next page needs no write)."""
    session[SessionIdleTimeoutMiddleware.KEY] = int(time.time()) if now is None else now
