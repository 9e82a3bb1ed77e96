"""Request ids for logs and the audit trail; access to the current request for services."""

import logging
import re
import uuid
from contextvars import ContextVar

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
