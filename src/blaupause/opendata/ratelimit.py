"""A per-IP limit on downloads, counted in the cache like the API's write throttle (ninja)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from ninja.throttling import SimpleRateThrottle

DEFAULT_RATE = "60/m"


class DownloadThrottle(SimpleRateThrottle):
    """Downloads per client address; the address is found as for the API's throttles."""

    scope = "opendata"

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def download_allowed(request: HttpRequest) -> tuple[bool, int]:
    """(allowed, seconds to wait) for one more download from this client."""
    rate = getattr(settings, "BLAUPAUSE_OPEN_DATA_RATE", DEFAULT_RATE) or DEFAULT_RATE
    throttle = DownloadThrottle(rate)  # one per request: the throttle keeps per-call state
    if throttle.allow_request(request):
        return True, 0
    return False, int(throttle.wait() or throttle.duration or 60) + 1
