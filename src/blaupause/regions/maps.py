"""Maps for the region pages: which areas to draw, and the projected shapes from the cache.

Projecting boundaries is pure (`geo.py`); this module decides what a page shows and keeps the
projected path strings in the Django cache. The cache key is built from the AGS and the
`updated_at` of every area on the map, so new boundaries or new municipalities give a new key
by themselves. Geometry is only read from the database when the cache has no entry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import QuerySet
from django.urls import reverse

from .geo import (
    LAYER_AREA,
    LAYER_CONTEXT,
    LAYER_HIGHLIGHT,
    MapArea,
    MapView,
    ProjectedShapes,
    compose_map,
    project_shapes,
)

CACHE_TIMEOUT = 60 * 60 * 24 * 7
PALETTE_SIZE = 8  # colour classes bp-map-c0 … bp-map-c7 in css/regions.css
_AGS_PLACEHOLDER = "00000000"


@dataclass(frozen=True)
class MapRow:
    """The light part of a municipality a map needs: no geometry."""

    ags: str
    name: str
    updated_at: datetime
    district_id: int | None = None


def map_rows(queryset: QuerySet) -> list[MapRow]:
    """Rows with a boundary from `queryset` (of municipalities), without loading the boundary."""
    return [
        MapRow(**values)
        for values in queryset.filter(geometry__isnull=False)
        .order_by("name", "ags")
        .values("ags", "name", "updated_at", "district_id")
    ]


def _cache_key(rows: Sequence[MapRow]) -> str:
    digest = hashlib.sha256()
    for row in sorted(rows, key=lambda row: row.ags):
        digest.update(f"{row.ags}@{row.updated_at.isoformat()};".encode())
    return f"regions:shapes:v1:{digest.hexdigest()}"


def cached_shapes(rows: Sequence[MapRow], queryset: QuerySet) -> ProjectedShapes | None:
    """Projected shapes of `rows`, from the cache or projected now from `queryset`'s geometry."""
    if not rows:
        return None
    key = _cache_key(rows)
    shapes = cache.get(key)
    if shapes is None:
        wanted = {row.ags for row in rows}
        geometries = {
            ags: geometry
            for ags, geometry in queryset.filter(geometry__isnull=False)
            .order_by()
            .values_list("ags", "geometry")
            if ags in wanted
        }
        shapes = project_shapes(geometries)
        cache.set(key, shapes, CACHE_TIMEOUT)
    return shapes


def _url_maker():
    pattern = reverse("regions:municipality_detail", kwargs={"ags": _AGS_PLACEHOLDER})
    return lambda ags: pattern.replace(_AGS_PLACEHOLDER, ags)


def colour_class(index: int) -> str:
    return f"bp-map-c{index % PALETTE_SIZE}"


def coloured_by_district(
    rows: Iterable[MapRow],
    queryset: QuerySet,
    *,
    district_ids: Sequence[int],
    title: str,
    description: str = "",
    labels: dict[int, str] | None = None,
) -> MapView | None:
    """All rows as links, coloured by the position of their district in `district_ids`."""
    rows = list(rows)
    colour = {district_id: colour_class(i) for i, district_id in enumerate(district_ids)}
    url = _url_maker()
    labels = labels or {}
    areas = [
        MapArea(
            key=row.ags,
            label=f"{row.name} ({labels[row.district_id]})"
            if row.district_id in labels
            else row.name,
            url=url(row.ags),
            layer=LAYER_AREA,
            css_class=colour.get(row.district_id, ""),
        )
        for row in rows
    ]
    return compose_map(cached_shapes(rows, queryset), areas, title=title, description=description)


def linked_areas(
    rows: Iterable[MapRow], queryset: QuerySet, *, title: str, description: str = ""
) -> MapView | None:
    """All rows as links in one colour (e.g. the municipalities of a district)."""
    rows = list(rows)
    url = _url_maker()
    areas = [MapArea(key=row.ags, label=row.name, url=url(row.ags)) for row in rows]
    return compose_map(cached_shapes(rows, queryset), areas, title=title, description=description)


def highlighted(
    rows: Iterable[MapRow],
    queryset: QuerySet,
    *,
    highlight: set[str],
    title: str,
    description: str = "",
    links: bool = False,
) -> MapView | None:
    """Rows in `highlight` stand out (as links if `links`), the others form the grey context."""
    rows = list(rows)
    if not any(row.ags in highlight for row in rows):
        return None
    url = _url_maker()
    areas = [
        MapArea(
            key=row.ags,
            label=row.name,
            url=url(row.ags) if links and row.ags in highlight else "",
            layer=LAYER_HIGHLIGHT if row.ags in highlight else LAYER_CONTEXT,
        )
        for row in rows
    ]
    return compose_map(cached_shapes(rows, queryset), areas, title=title, description=description)
