"""`ETag` (hash of the body) and `Last-Modified` on every successful read, 304 when unchanged."""

from __future__ import annotations

import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe


def set_last_modified(response, *moments) -> None:
    """Set `Last-Modified` to the latest of `moments` (None values are ignored)."""
    known = [moment for moment in moments if moment is not None]
    if known:
        response["Last-Modified"] = http_date(max(known).timestamp())


def conditional(request, response):
    """Add the ETag to a 200 GET/HEAD answer; answer 304 when the client has that version.

    A token may see more (internal commitments, drafts): answers vary by `Authorization`, and
    those for a token are never stored by shared caches.
    """
    patch_vary_headers(response, ["Authorization"])
    if request.headers.get("Authorization"):
        patch_cache_control(response, private=True)
    if request.method not in {"GET", "HEAD"} or response.status_code != 200:
        return response
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    last_modified = response.get("Last-Modified")
    not_modified = get_conditional_response(
        request,
        etag=etag,
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
    return not_modified
