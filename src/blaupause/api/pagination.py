"""Limit/offset pagination with a maximum page size; one COUNT and one page query."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from django.core.cache import cache

from ninja import Field, Schema

from blaupause.core.fingerprint import CACHE_SECONDS

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
#: Far beyond any real list, small enough for every database's OFFSET.
MAX_OFFSET = 1_000_000
#: How long a count kept under a `count_key` is used; a new key replaces it at once.
COUNT_CACHE_SECONDS = CACHE_SECONDS

T = TypeVar("T")


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Einträge je Seite")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Einträge überspringen")


class Page(Schema, Generic[T]):
    count: int
    limit: int
    offset: int
    items: list[T]


def paginate(
    queryset, params: PageParams, *, count_key: Callable[[], str] | None = None
) -> tuple[int, list]:
    """(total, rows of the page) — the count is skipped when the page shows everything.

    `count_key`, when given and the total is needed, is asked for a key that changes whenever
    the total may; the total is kept in the cache under it (counting every visible row of a
    large list costs more than reading a page). An empty key means: count now.
    """
    rows = list(queryset[params.offset : params.offset + params.limit])
    if params.offset == 0 and len(rows) < params.limit:
        return len(rows), rows
    known = count_key() if count_key else ""
    if not known:
        return queryset.count(), rows
    key = f"api:count:{known}"
    total = cache.get(key)
    if total is None:
        total = queryset.count()
        cache.set(key, total, COUNT_CACHE_SECONDS)
    return total, rows


def page(
    queryset, params: PageParams, convert=None, *, count_key: Callable[[], str] | None = None
) -> dict:
    total, rows = paginate(queryset, params, count_key=count_key)
    items = [convert(row) for row in rows] if convert else rows
    return {"count": total, "limit": params.limit, "offset": params.offset, "items": items}
