"""Limit/offset pagination with a maximum page size; one COUNT and one page query."""

from __future__ import annotations

from typing import Generic, TypeVar

from ninja import Field, Schema

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
#: Far beyond any real list, small enough for every database's OFFSET.
MAX_OFFSET = 1_000_000

T = TypeVar("T")


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Einträge je Seite")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Einträge überspringen")


class Page(Schema, Generic[T]):
    count: int
    limit: int
    offset: int
    items: list[T]


def paginate(queryset, params: PageParams) -> tuple[int, list]:
    """(total, rows of the page) — the count is skipped when the page shows everything."""
    rows = list(queryset[params.offset : params.offset + params.limit])
    if params.offset == 0 and len(rows) < params.limit:
        return len(rows), rows
    return queryset.count(), rows


def page(queryset, params: PageParams, convert=None) -> dict:
    total, rows = paginate(queryset, params)
    items = [convert(row) for row in rows] if convert else rows
    return {"count": total, "limit": params.limit, "offset": params.offset, "items": items}
